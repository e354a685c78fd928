## Landing page (/) and the first-run setup link
landing-title = Qoldau
landing-lead = Qoldau — помощник по госуслугам для родителей детей с особыми образовательными потребностями, контакт-центра { -centre-phone } и школ: обучение на дому, ПМПК, реабилитация, приём в специальную школу, первый класс.
landing-chat = Веб-чат
landing-chat-text = для родителей, без Telegram, на казахском и русском.
landing-console = Консоль
landing-console-text = для операторов { -centre-phone }, школ и администраторов.
landing-health = Состояние
landing-health-text = работают ли Redis, база данных и бот (JSON).
landing-metrics = Метрики
landing-metrics-text = для Prometheus (с этого компьютера или администратору).
landing-bot-heading = Подключить Telegram-бота
landing-bot-state = Бот сейчас: { $state }.
landing-bot-step-1 = В Telegram откройте @BotFather, отправьте /newbot, дайте боту имя и скопируйте токен.
landing-bot-step-2 = Запишите токен в файл .env как BOT_TOKEN=… (образец в .env.example).
landing-bot-step-3 = Перезапустите Qoldau: по умолчанию бот работает через long polling; если есть публичный HTTPS-адрес, задайте WEBHOOK_URL (и WEBHOOK_SECRET) — тогда используется webhook.
landing-embed-heading = На свой сайт
landing-embed-text = Чтобы поставить кнопку чата на сайт школы или акимата, добавьте адрес сайта в WEBCHAT_ALLOWED_ORIGINS и вставьте на страницу строку:
setup-title = Первый администратор
setup-lead = Администратора ещё нет. Укажите почту и пароль первого администратора консоли. Ссылка работает один раз и один час.
setup-email = Электронная почта
setup-password = Пароль (не короче 10 символов)
setup-password-again = Повторите пароль
setup-submit = Создать администратора
setup-invalid = Данные неверны: проверьте адрес почты, пароль не короче 10 символов и одинаковый оба раза.
setup-used = Эта ссылка уже использована или истекла. Войдите в консоль.
setup-remote = Эта ссылка открывается только с этого компьютера (SETUP_LINK_REMOTE).
setup-done = Администратор создан. Теперь войдите в консоль.
setup-login = Войти в консоль
demo-accounts-heading = Демо-учётные записи
demo-accounts-note = Показываются только в демо-режиме (DEMO_DATA=1) и на этом компьютере.
demo-accounts-role = Роль
demo-accounts-email = Почта
demo-accounts-password = Пароль
