## Console: shell
console-app-name = Qoldau · 1414
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
console-users-name = Аты-жөні
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
console-users-invalid = Деректерді тексеріңіз: пошта дұрыс болсын, құпиясөз кемінде 10 таңба, мектеп әкімшісіне мекеме таңдалсын.
console-users-not-yourself = Өзіңізді бұғаттай немесе әкімші рөлінен шығара алмайсыз.

## Console: operator search
console-nav-search = Іздеу
console-search-title = Жауап іздеу
console-search-label = Қоңырау шалушының сұрағы (қазақша немесе орысша)
console-search-submit = Іздеу
console-search-keys = Жазған сайын нәтиже шығады. ↑ ↓ — нәтижелер бойынша жүру, Enter — таңдалғанды көшіру, Esc — тазалау.
console-search-empty = Сұрақты жаза бастаңыз: мысалы, «үйде оқыту құжаттары» немесе «ПМПК сроки».
console-search-unavailable = Іздеу қызметі әзірге қолжетімсіз. 1414 анықтамалығын пайдаланыңыз.
console-search-best-answer = Ең жақсы жауап
console-search-copy = Оқуға дайын жауапты көшіру
console-search-copied = Көшірілді
console-search-citations = Дереккөздер
console-search-repealed = күшін жойған
console-search-not-current = қолданыстағы ереже емес
console-search-out-of-scope = Сұрақ біздің қызметтер аясынан тыс болуы мүмкін; жауапты мұқият тексеріңіз.
console-search-cards = Сәйкес қызметтер
console-search-passages = Дереккөздердегі үзінділер
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
