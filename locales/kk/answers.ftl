## Answers: fragments of the answers composed from the knowledge catalogue

answers-documents = Құжаттар
answers-documents-channel = { $channel }:
answers-term = Мерзімі
answers-fee = Төлем
answers-result = Нәтижесі
answers-channels = Қайда өтініш беруге болады
answers-refusal = Бас тарту негіздері
answers-hours = Жұмыс уақыты
answers-steps = Қадамдар
answers-provider = Қызметті кім көрсетеді
answers-forms = Нысаны
answers-system = Ақпараттық жүйе
answers-also = Сондай-ақ
answers-contacts = Сұрақ болса: { -centre-phone } немесе { -centre-toll-free } (тегін), egov.kz.
answers-history = тарих, қазір күшінде емес
answers-superseded-note = Ескерту: бұрынғы редакцияда басқаша жазылған ({ $text }), бірақ қазір күшіндегі мәтін бойынша жауап берілді.

answers-unit-working_days = { $n } жұмыс күні
answers-unit-calendar_days = { $n } күнтізбелік күн
answers-unit-hours = { $n } сағат
answers-unit-minutes = { $n } минут
answers-range = { $min }–{ $max }
answers-term-waiting = құжат тапсыруға күту — ең көбі { $value }
answers-term-serving = қызмет көрсету — ең көбі { $value }
answers-term-e_request = электрондық сұрау салуды өңдеу — { $value }
answers-term-course = курс — { $value }
answers-term-service = { $value }
answers-term-step = қадам — { $value }

answers-hours-office = дүйсенбі–жұма { $start }–{ $end }, түскі үзіліс { $lunchStart }–{ $lunchEnd }
answers-hours-reception = өтініш қабылдау және нәтиже беру { $start }–{ $end }

answers-channel-provider_office = қызмет берушінің кеңсесі
answers-channel-egov_portal = egov.kz порталы
answers-channel-egov_mobile = eGov Mobile / egov.kz-те тіркелген ұялы телефон
answers-channel-government_for_citizens = «Азаматтарға арналған үкімет» мемлекеттік корпорациясы
answers-channel-local_authority = жергілікті білім беру органы

answers-out-of-scope = Qoldau балалардың білім беру саласындағы мына мемлекеттік қызметтері бойынша кеңес береді: { $services }. Бұл сұрақ бойынша { -centre-phone } немесе { -centre-toll-free } бірыңғай байланыс орталығына (тегін) хабарласыңыз немесе egov.kz порталын қараңыз.
answers-redirect = Бұл қызметті Qoldau көрсетпейді, оны басқа орган көрсетеді.
answers-repealed = { $title } ({ $date }) күші жойылды: { $by } ({ $byDate }). Оны тек тарих ретінде келтіруге болады.
answers-repealed-current = Қазір күшіндегі ереже:
answers-unsure = Сұрағыңызды нақты түсінбедім. Қай қызмет туралы сұрайсыз: { $services }? Сондай-ақ { -centre-phone } немесе { -centre-toll-free } нөміріне хабарласуға болады.
answers-cite = [{ $label }]

answers-window = Өтініш қабылдау ({ $year } ж.): { $range }
answers-window-range = { $start } – { $end }
answers-window-until = { $end } дейін
answers-window-override = мерзімді әкімші белгіледі
answers-window-override-on = мерзімді әкімші белгіледі ({ $date })
answers-window-published = Жарияланған дереккөздерде: { $range }
answers-window-assumed = осы жылға расталмаған, өткен жылдың күндері
answers-date = { $year } ж. { $date }
answers-month-1 = қаңтар
answers-month-2 = ақпан
answers-month-3 = наурыз
answers-month-4 = сәуір
answers-month-5 = мамыр
answers-month-6 = маусым
answers-month-7 = шілде
answers-month-8 = тамыз
answers-month-9 = қыркүйек
answers-month-10 = қазан
answers-month-11 = қараша
answers-month-12 = желтоқсан

## Follow-ups: who may get it, what if nobody answers in time
answers-eligibility = Кімге көрсетіледі
answers-overdue = Мерзімі өтіп, жауап болмаса: ұйым басшысына жазбаша жүгініңіз, содан кейін аудандық (қалалық) білім бөліміне, e-Otinish (eotinish.kz) арқылы немесе { -centre-phone } нөміріне хабарласыңыз.

## A parent's view: a fact not settled, what to do after a refusal
answers-parent-check = { $field }: қызмет көрсететін ұйымнан немесе { -centre-phone } нөмірінен нақтылаңыз.
answers-refused-next = Бас тартса: жазбаша дәлелді бас тартуды сұраңыз, себебін түзетіп, қайта тапсырыңыз немесе ұйым басшысына, аудандық (қалалық) білім бөліміне, e-Otinish арқылы шағымданыңыз; { -centre-phone } кеңес береді.
answers-first-step = ПМПК тексеруінен (психологиялық-медициналық-педагогикалық консультация) бастаңыз: баланы арнайы (түзету) балабақшаға немесе топқа, арнайы мектепке қабылдау немесе инклюзивті жағдай жасау үшін оның қорытындысы қажет.
answers-overdue-passed = Сіз { $submitted } тапсырдыңыз, жауап { $due } кешіктірмей келуі керек еді — мерзімі өтті.
answers-overdue-not-yet = Сіз { $submitted } тапсырдыңыз, жауап { $due } кешіктірмей келуі керек — мерзімі әлі өткен жоқ.
