## Status: application status by ID

status-ask-id = Өтініштің нөмірін жіберіңіз (мысалы, 7K3M-9XPA-2RQD). Ол қолхатта және egov.kz сайтындағы «Жеке кабинетте» (алынған қызметтер тарихы) жазылған.
status-malformed-id = Бұл өтініш нөміріне ұқсамайды: нөмір 12 таңбадан тұрады (әріптер мен сандар, мысалы 7K3M-9XPA-2RQD), соңғы таңбасы қатені тексереді. Нөмірді қолхаттан немесе egov.kz → «Жеке кабинет» → «Алынған қызметтер тарихы» бөлімінен қараңыз.
status-consent-text = Өтініштің мәртебесін тексеру үшін біз сіздің Telegram идентификаторыңызды, өтініш нөмірін және (қаласаңыз) телефон нөміріңізді өңдейміз. Бұл «Дербес деректер және оларды қорғау туралы» Заңның 8-бабына сәйкес сіздің келісіміңізбен ғана жүзеге асады. Телефон нөмірі ашық күйде сақталмайды. Келісесіз бе?
status-consent-agree = Келісемін
status-consent-refuse = Келіспеймін
status-consent-granted = Рақмет, келісіміңіз { $at } уақытында тіркелді.
status-consent-refused = Түсіндім. Келісімсіз мәртебені тексере алмаймыз. Мәртебені { -centre-phone } нөміріне қоңырау шалып немесе egov.kz сайтындағы «Жеке кабинеттен» білуге болады.
status-consent-required = Алдымен дербес деректерді өңдеуге келісім беріңіз: /status
status-checking = Тексеріп жатырмыз… Жауап дайын болғанда осында жібереміз.
status-not-found = Бұл нөмір бойынша мәртебені таба алмадық. Нөмірді қолхаттан немесе egov.kz сайтындағы «Жеке кабинеттен» тексеріңіз. Сұрақ болса — { -centre-phone }.
status-unavailable = Қазір мәртебені тексеру мүмкін болмады: ақпараттық жүйе жауап бермейді. Біраздан кейін қайталап көріңіз немесе { -centre-phone } нөміріне қоңырау шалыңыз.
status-rate-limited = Тексерулер тым көп болды. { $minutes } минуттан кейін қайталап көріңіз немесе { -centre-phone } нөміріне қоңырау шалыңыз.
status-coarse = { $id } өтініші: { $state }. Мерзімі: { $deadline }.
status-coarse-hint = Толығырақ көру үшін өтініш сіздікі екенін растаңыз: телефон нөміріңізбен бөлісіңіз немесе қолхаттағы PIN-кодты енгізіңіз.
status-detailed = { $id } өтініші — { $service }
    Қызмет беруші: { $provider }
    Кезең: { $stage } ({ $stageAt })
    Мерзімі: { $deadline }
status-history = Тарих:
status-history-line = • { $at } — { $stage } ({ $by })
status-refusal-ground = Бас тарту негізі: { $ground }
status-overdue = Мерзімі өтіп кетті, нәтиже әлі жоқ. Не істеуге болады: қызмет берушінің басшысына жазбаша жүгініңіз{ $phone }, аудандық (қалалық) білім бөліміне шағым беріңіз немесе { -centre-phone } нөміріне қоңырау шалыңыз.
status-overdue-phone = { " " }(тел. { $phone })
status-state-in-progress = қаралуда
status-state-ready = нәтиже дайындалды
status-state-issued = нәтиже берілді
status-state-refused = бас тартылды
status-stage-received = қабылданды
status-stage-registered = тіркелді
status-stage-assigned = орындаушыға жіберілді
status-stage-result-prepared = нәтиже дайындалды
status-stage-signed = қол қойылды
status-stage-issued = берілді
status-stage-refused = бас тартылды
status-by-provider = қызмет беруші
status-by-operator = оператор
status-by-external = ақпараттық жүйе
status-by-import = жүктеу
status-by-registry = тізілім
status-by-demo = демо
status-share-phone = Телефон нөмірімен бөлісу
status-enter-pin = PIN-кодты енгізу
status-ask-pin = Қолхаттағы PIN-кодты жіберіңіз.
status-proof-rejected = Өтініш сіздікі екенін растай алмадық, сондықтан тек жалпы мәртебе көрсетіледі.
status-contact-not-own = Тек өз телефон нөміріңізбен бөлісуге болады («Телефон нөмірімен бөлісу» батырмасы).
status-notice-stage-changed = { $id } өтінішінің кезеңі өзгерді: { $stage }.
status-refused-next = Не істеуге болады: жазбаша дәлелді бас тартуды сұрап, себебін түзетіп, өтінішті қайта беру немесе ұйым басшысына, аудандық (қалалық) білім бөліміне, e-Otinish арқылы шағымдану; { -centre-phone } кеңес береді.
