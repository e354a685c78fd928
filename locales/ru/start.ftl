## Start
start-greeting =
    Здравствуйте! Я Qoldau — помощник по государственным услугам для детей с особыми образовательными потребностями.
    Подскажу, какая услуга подходит вашему ребёнку, какие нужны документы, куда и когда подать заявление.
    Нажмите кнопку ниже или просто напишите свой вопрос.
start-command-start = Начать сначала
start-command-status = Статус заявления
start-command-subscribe = Подписаться на напоминания о приёме
start-command-subscriptions = Мои подписки
start-command-lang = Сменить язык
start-command-help = Помощь
start-command-contact = Контакт-центр { -centre-phone }
start-command-cancel = Прервать заполнение
