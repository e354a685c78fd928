## Landing page (/) and the first-run setup link
landing-title = Qoldau
landing-lead = Qoldau — ерекше білім беру қажеттіліктері бар балалардың ата-аналарына, { -centre-phone } байланыс орталығына және мектептерге мемлекеттік қызметтер бойынша көмекші: үйде оқыту, ПМПК, оңалту, арнайы мектепке қабылдау, бірінші сынып.
landing-chat = Веб-чат
landing-chat-text = ата-аналар үшін, Telegram-сыз, қазақша және орысша.
landing-console = Консоль
landing-console-text = { -centre-phone } операторлары, мектептер және әкімшілер үшін.
landing-health = Күй
landing-health-text = Redis, дерекқор және бот жұмыс істей ме (JSON).
landing-metrics = Метрикалар
landing-metrics-text = Prometheus үшін (осы компьютерден немесе әкімшіге).
landing-bot-heading = Telegram ботын қосу
landing-bot-state = Бот қазір: { $state }.
landing-bot-step-1 = Telegram-да @BotFather ашып, /newbot жіберіңіз, боттың атын беріңіз де, токенді көшіріп алыңыз.
landing-bot-step-2 = Токенді .env файлына BOT_TOKEN=… деп жазыңыз (үлгісі .env.example-де).
landing-bot-step-3 = Qoldau-ды қайта іске қосыңыз: әдетте бот long polling арқылы жұмыс істейді; жария HTTPS мекенжайы болса, WEBHOOK_URL (және WEBHOOK_SECRET) беріңіз — сонда webhook қолданылады.
landing-embed-heading = Сайтқа қосу
landing-embed-text = Мектеп немесе әкімдік сайтына чат батырмасын қою үшін сайттың мекенжайын WEBCHAT_ALLOWED_ORIGINS-қа жазып, бетке мына жолды қойыңыз:
setup-title = Бірінші әкімші
setup-lead = Әлі әкімші жоқ. Консольдің бірінші әкімшісінің электрондық поштасы мен құпиясөзін беріңіз. Бұл сілтеме бір рет және бір сағат жұмыс істейді.
setup-email = Электрондық пошта
setup-password = Құпиясөз (кемінде 10 таңба)
setup-password-again = Құпиясөзді қайталаңыз
setup-submit = Әкімшіні құру
setup-invalid = Деректер дұрыс емес: пошта мекенжайын тексеріңіз, құпиясөз кемінде 10 таңба және екі рет бірдей болсын.
setup-used = Бұл сілтеме қолданылған немесе мерзімі өткен. Консольге кіріңіз.
setup-remote = Бұл сілтеме тек осы компьютерден ашылады (SETUP_LINK_REMOTE).
setup-done = Әкімші құрылды. Енді консольге кіріңіз.
setup-login = Консольге кіру
demo-accounts-heading = Демо есептік жазбалар
demo-accounts-note = Тек демо режимде (DEMO_DATA=1) және осы компьютерде көрсетіледі.
demo-accounts-role = Рөл
demo-accounts-email = Пошта
demo-accounts-password = Құпиясөз
