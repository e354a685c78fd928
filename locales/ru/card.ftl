## Card
card-provider = Кто оказывает
card-term = Срок
card-unit-working-days = { $count ->
    [one] { $count } рабочий день
    [few] { $count } рабочих дня
   *[many] { $count } рабочих дней
}
card-unit-calendar-days = { $count ->
    [one] { $count } календарный день
    [few] { $count } календарных дня
   *[many] { $count } календарных дней
}
card-unit-hours = { $count ->
    [one] { $count } час
    [few] { $count } часа
   *[many] { $count } часов
}
card-unit-minutes = { $count ->
    [one] { $count } минута
    [few] { $count } минуты
   *[many] { $count } минут
}
card-range = { $min }–{ $max }
card-unverified = (не проверено)
card-deadline-today = Если подать сегодня до { $until }, ответ — не позднее { $due } { $dueTime }.
card-deadline-deferred = Если подать сейчас, заявление примут { $accepted }, ответ — не позднее { $due } { $dueTime }.
card-office-open = Канцелярия сейчас открыта, документы принимают до { $until }.
card-office-lunch = Сейчас обед, приём с { $lunchEnd }.
card-office-before-hours = Канцелярия ещё не открылась. Приём: { $next }.
card-office-after-reception = Приём на сегодня закончен. Следующий приём: { $next }.
card-office-after-hours = Канцелярия закрыта. Следующий приём: { $next }.
card-office-day-off = Сегодня выходной. Следующий приём: { $next }.
card-window-open = Приём заявлений: { $start } – { $end } (сейчас открыт).
card-window-closed = Приём заявлений: { $start } – { $end } (сейчас закрыт).
card-sources-short = Источник
card-sources = Источники
card-repealed = (утратил силу, только для истории)
card-channel-provider-office = Документы для канцелярии
card-channel-egov-portal = Документы через egov.kz
card-channel-egov-mobile = Документы через eGov Mobile
card-channel-government-for-citizens = Документы через ЦОН
card-channel-local-authority = Документы через акимат
card-documents-for = Документы — { $where }:
card-doc-optional = только если нужно
card-egov-steps = Как подать через egov.kz
card-refusals = Основания для отказа
card-guide = Как это проходит
card-guide-check = Это не сверено с действующим текстом приказа — уточните у услугодателя или по номеру { -centre-phone }.
card-form = Получить бланк заявления
card-not-found = Карточка этой услуги пока не готова. Напишите вопрос или позвоните { -centre-phone }.
card-services-title = Выберите услугу:
card-fee = Оплата
card-check = уточните у услугодателя или по номеру { -centre-phone }
card-check-documents = Остальные документы уточните у услугодателя или по номеру { -centre-phone }.
