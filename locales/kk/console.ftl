## Console: shell
console-app-name = Qoldau · { -centre-phone }
console-language = Тіл
console-skip-to-content = Негізгі мазмұнға өту
console-navigation = Бөлімдер
console-logout = Шығу
console-role-operator = Оператор
console-role-school_admin = Мектеп әкімшісі
console-role-admin = Әкімші
console-save = Сақтау
console-cancel = Болдырмау
console-back-home = Басты бетке оралу
console-forbidden-title = Қол жеткізу жабық
console-forbidden-text = Бұл бетті немесе деректерді көруге рұқсатыңыз жоқ.
console-csrf-title = Форманың мерзімі өтті
console-csrf-text = Бетті жаңартып, әрекетті қайталаңыз.
console-rate-limited-title = Тым көп әрекет
console-rate-limited-text = Бір минуттан кейін қайталап көріңіз.
console-error-title = Қате шықты
console-error-text = Сұрауды орындау мүмкін болмады. Қайталап көріңіз; қате қайталанса, әкімшіге хабарлаңыз.

## Console: login
console-login-title = Кіру
console-login-email = Электрондық пошта
console-login-password = Құпиясөз
console-login-submit = Кіру
console-login-failed = Пошта немесе құпиясөз қате.

## Console: navigation
console-nav-users = Пайдаланушылар
console-nav-queues = Кезектер

## Console: users
console-users-title = Пайдаланушылар мен рөлдер
console-users-caption = Барлығы { $count } пайдаланушы
console-users-email = Электрондық пошта
console-users-name = Аты мен тегі
console-users-name-hint = Ата-аналар операторды тек бірінші сөзімен көреді: алдымен атын жазыңыз (Айгерім Серікова), тегін емес.
console-users-password = Құпиясөз (кемінде 10 таңба)
console-users-role = Рөлі
console-users-provider = Мекеме (мектеп)
console-users-provider-hint = Мектеп әкімшісі үшін міндетті: ол тек өз мектебінің деректерін көреді.
console-users-last-login = Соңғы кіру
console-users-change = Өзгерту
console-users-disabled = Бұғатталған
console-users-new = Жаңа пайдаланушы
console-users-create = Құру
console-users-created = { $email } пайдаланушысы құрылды.
console-users-saved = { $email } өзгерістері сақталды.
console-users-exists = Мұндай поштамен пайдаланушы бар.
console-users-unknown-provider = Мұндай мекеме анықтамалықта жоқ. Алдымен мекемелер тізімін жүктеңіз.
console-users-invalid = Деректерді тексеріңіз: пошта дұрыс болсын, құпиясөз кемінде 10 таңба, мектеп әкімшісіне мекеме таңдалсын.
console-users-not-yourself = Өзіңізді бұғаттай немесе әкімші рөлінен шығара алмайсыз.

## Console: operator search
console-nav-search = Іздеу
console-search-title = Жауап іздеу
console-search-label = Қоңырау шалушының сұрағы (қазақша немесе орысша)
console-search-submit = Іздеу
console-search-keys = Жазған сайын нәтиже шығады. ↑ ↓ — нәтижелер бойынша жүру, Enter — таңдалғанды көшіру, Esc — тазалау.
console-search-empty = Сұрақты жаза бастаңыз: мысалы, «үйде оқыту құжаттары» немесе «ПМПК сроки».
console-search-unavailable = Іздеу қызметі әзірге қолжетімсіз. { -centre-phone } анықтамалығын пайдаланыңыз.
console-search-best-answer = Ең жақсы жауап
console-search-answer-pending = Жауап жазуды тоқтатқанда шығады…
console-search-copy = Оқуға дайын жауапты көшіру
console-search-copied = Көшірілді
console-search-citations = Дереккөздер
console-search-repealed = күшін жойған
console-search-not-current = қолданыстағы ереже емес
console-search-out-of-scope = Сұрақ біздің қызметтер аясынан тыс болуы мүмкін; жауапты мұқият тексеріңіз.
console-search-cards = Сәйкес қызметтер
console-search-passages = Дереккөздердегі үзінділер
console-search-found = Табылған үзінділер:
console-card-term = Мерзімі
console-card-deadline = Бүгін тапсырса, нәтиже мерзімі
console-card-fee = Ақысы
console-card-office = Қабылдау
console-card-office-open = Қазір құжат қабылданады
console-card-office-closed = Қазір қабылдау жоқ
console-card-providers = Қызмет беруші
console-card-documents = Құжаттар тізімі
console-unit-working_days = { $amount } жұмыс күні
console-unit-calendar_days = { $amount } күнтізбелік күн
console-unit-hours = { $amount } сағат
console-unit-minutes = { $amount } минут
console-flag-open = Жауапты белгілеу (қате немесе жоқ)
console-flag-kind = Не дұрыс емес?
console-flag-wrong = Жауап қате
console-flag-missing = Қажетті жауап жоқ
console-flag-comment = Түсініктеме
console-flag-submit = Белгілеу
console-flag-saved = Рақмет, белгі сақталды. Ол тексеру тізіміне түсті.

## Console: guided flow
console-nav-flow = Қызметті таңдау
console-flow-title = Қай қызмет сәйкес келеді
console-flow-intro = Қоңырау шалушыға сұрақтарды оқып, жауабын таңдаңыз. Соңында сәйкес қызметтің карточкасы шығады.
console-flow-back = Артқа
console-flow-restart = Басынан бастау
console-flow-next = Әрі қарай
console-flow-result = Сәйкес қызмет
console-flow-stale = Сұрақтар өзгерген. Басынан бастаңыз.
console-flow-unavailable = Сұрақтар тізбегі әзірге жүктелмеген.
console-flow-search-more = Осы қызмет бойынша толық жауап іздеу

## Console: application status
console-nav-status = Өтінім мәртебесі
console-status-title = Өтінім мәртебесін тексеру
console-status-id = Өтінім нөмірі
console-status-id-hint = Қолхатта немесе egov.kz «жеке кабинетінде» көрсетілген, мысалы ABCD-EFGH-JKMN.
console-status-verify = Қоңырау шалушыны тексеру
console-status-verify-prompt = Толық мәліметті айтпас бұрын өтінім берілген телефон нөмірін немесе қолхаттағы PIN-кодты сұраңыз. Тексерусіз тек жалпы мәртебе көрсетіледі.
console-status-verify-none = Тексерусіз (тек жалпы мәртебе)
console-status-verify-phone = Телефон нөмірі бойынша
console-status-verify-pin = Қолхаттағы PIN бойынша
console-status-proof = Телефон немесе PIN
console-status-submit = Тексеру
console-status-invalid = Өтінім нөмірін енгізіңіз.
console-status-malformed = Нөмір қате жазылған. Қоңырау шалушыдан қолхаттағы немесе «жеке кабинеттегі» нөмірді қайта сұраңыз.
console-status-rate-limited = Тексеру тым жиі. { $seconds } секундтан кейін қайталаңыз.
console-status-unavailable = Мәртебе қызметі қазір жауап бермейді. Кейінірек қайталаңыз.
console-status-pending = Тексеру әлі жүріп жатыр. Бірнеше секундтан кейін қайталаңыз.
console-status-not-found = Өтінім табылмады немесе тексеру сәтсіз. Нөмірді қайта тексеріңіз.
console-status-proof-rejected = Телефон немесе PIN сәйкес келмеді: тек жалпы мәртебе көрсетілді.
console-status-coarse-note = Қоңырау шалушы тексерілмеген: тек жалпы мәртебе. Толық мәлімет үшін телефонды немесе PIN-ді сұраңыз.
console-status-verified = тексерілді
console-status-service = Қызмет
console-status-state = Мәртебе
console-status-deadline = Нәтиже мерзімі
console-status-stage-at = Кезеңге өткен уақыт
console-status-submitted = Берілген күні
console-status-channel = Арна
console-status-refusal = Бас тарту негізі
console-status-history = Кезеңдер тарихы
console-overdue = мерзімі өткен
console-stages = Өтінім кезеңдері
console-stage-received = Қабылданды
console-stage-registered = Тіркелді
console-stage-assigned = Орындаушыға берілді
console-stage-result_prepared = Нәтиже дайын
console-stage-signed = Қол қойылды
console-stage-issued = Берілді
console-stage-refused = Бас тартылды
console-state-in_progress = Қаралуда
console-state-ready = Нәтиже дайындалды
console-state-issued = Берілді
console-state-refused = Бас тартылды

## Console: school
console-nav-school = Мектеп өтінімдері
console-school-title = Мектеп өтінімдері
console-school-open = Ашу
console-school-applications = өтінім
console-school-overdue = мерзімі өткен
console-school-subscribers = жазылған ата-ана
console-school-none = Өтінімдер жоқ.
console-school-caption = Алдымен мерзімі өткендер, содан кейін мерзімі жақындары
console-school-id = Нөмірі
console-school-stage = Кезең
console-school-actions = Әрекет
console-school-advance = Келесі кезең
console-school-refuse = Бас тарту
console-school-ground = Бас тарту негізі (каталогтан)
console-school-refuse-submit = Бас тартуды растау
console-school-moved = { $id } өтінімі жаңартылды.
console-school-application = Өтінім
console-school-not-yours = Бұл өтінім сіздің мектебіңізге жатпайды немесе жоқ.

## Console: feedback
console-nav-feedback = Кері байланыс
console-feedback-title = Белгіленген жауаптар мен кері байланыс
console-feedback-flags = Операторлар белгілеген жауаптар
console-feedback-bot = Боттағы «пайдасыз» бағалары
console-feedback-none = Тексеретін ештеңе жоқ.
console-feedback-when = Уақыты
console-feedback-kind = Түрі
console-feedback-question = Сұрақ
console-feedback-resolve = Шешілді
console-feedback-reviewed = Қаралды

## Console: catalogue
console-nav-catalogue = Каталог
console-catalogue-title = Білім каталогы
console-catalogue-dir = Қалта
console-catalogue-services = Қызметтер
console-catalogue-sources = Дереккөздер
console-catalogue-hint = knowledge/ қалтасындағы файлдарды өзгерткеннен кейін каталогты қайта жүктеңіз. Қате болса, ескі каталог жұмыс істей береді.
console-catalogue-reload = Каталогты қайта жүктеу
console-catalogue-reloaded = Каталог жүктелді: { $services } қызмет, { $sources } дереккөз.
console-catalogue-invalid = Каталог жүктелмеді, ескісі жұмыс істеп тұр. Қателер:
console-catalogue-modules = Кейбір модульдер жүктелмеді:
console-channel-provider_office = Қызмет берушінің кеңсесі
console-channel-egov_portal = egov.kz порталы
console-channel-egov_mobile = eGov Mobile
console-channel-government_for_citizens = «Азаматтарға арналған үкімет»
console-channel-local_authority = Жергілікті атқарушы орган

## Console: audit
console-nav-audit = Аудит
console-audit-title = Әрекеттер журналы
console-audit-caption = Соңғы { $count } жазба
console-audit-who = Кім
console-audit-action = Әрекет
console-audit-subject = Нысан
console-audit-detail = Толығырақ
