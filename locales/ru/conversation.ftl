## Conversation: greetings, thanks, a request for a person, "which service?"
conversation-greeting = Здравствуйте! Я Qoldau, помогаю с услугами образования для детей с особыми потребностями. Спросите своими словами или выберите в меню.
conversation-thanks = Пожалуйста! Если будут ещё вопросы — пишите.
conversation-bye = Всего доброго! Если понадобится — я здесь.
conversation-who = Я Qoldau, бот-помощник: подскажу, какая услуга подходит ребёнку, какие нужны документы, куда обратиться и сколько ждать. Отвечаю по действующим приказам.
conversation-robot = Да, я бот. Отвечаю по действующим приказам. Если нужен человек — позвоните в контакт-центр { -centre-phone }.
conversation-confused = Простите, что непонятно. Спросите проще, например: «какие документы нужны на ПМПК?» — или выберите в меню.
conversation-person =
    Поговорить с человеком можно в едином контакт-центре: { -centre-phone } или { -centre-toll-free } (бесплатно).
    Рабочее время: { $days }, { $office }, обед { $lunch } (время Астаны).
    { $status }
conversation-person-open = Сейчас рабочее время.
conversation-person-closed = Сейчас нерабочее время; ближайшее рабочее время — { $next }.
conversation-clarify = О какой услуге вы спрашиваете?
