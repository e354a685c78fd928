## Answers: fragments of the answers composed from the knowledge catalogue

answers-documents = Документы
answers-documents-channel = { $channel }:
answers-term = Срок
answers-fee = Оплата
answers-result = Результат
answers-channels = Куда подать
answers-refusal = Основания для отказа
answers-hours = Часы работы
answers-steps = Шаги
answers-provider = Кто оказывает услугу
answers-forms = Форма
answers-system = Информационная система
answers-also = Также
answers-contacts = Вопросы: { -centre-phone } или { -centre-toll-free } (бесплатно), egov.kz.
answers-history = история, сейчас не действует
answers-superseded-note = Примечание: в прежней редакции было иначе ({ $text }), ответ дан по действующему тексту.

answers-unit-working_days = { $n ->
    [one] { $n } рабочий день
    [few] { $n } рабочих дня
   *[other] { $n } рабочих дней
}
answers-unit-calendar_days = { $n ->
    [one] { $n } календарный день
    [few] { $n } календарных дня
   *[other] { $n } календарных дней
}
answers-unit-hours = { $n ->
    [one] { $n } час
    [few] { $n } часа
   *[other] { $n } часов
}
answers-unit-minutes = { $n ->
    [one] { $n } минута
    [few] { $n } минуты
   *[other] { $n } минут
}
answers-range = от { $min } до { $max }
answers-term-waiting = ожидание при сдаче документов — не более { $value }
answers-term-serving = обслуживание — не более { $value }
answers-term-e_request = обработка электронного запроса — { $value }
answers-term-course = курс — { $value }
answers-term-service = { $value }
answers-term-step = шаг — { $value }

answers-hours-office = понедельник–пятница { $start }–{ $end }, обед { $lunchStart }–{ $lunchEnd }
answers-hours-reception = приём заявлений и выдача результатов { $start }–{ $end }

answers-channel-provider_office = канцелярия услугодателя
answers-channel-egov_portal = портал egov.kz
answers-channel-egov_mobile = eGov Mobile / мобильный телефон, зарегистрированный на egov.kz
answers-channel-government_for_citizens = Госкорпорация «Правительство для граждан»
answers-channel-local_authority = местный орган управления образованием

answers-out-of-scope = Qoldau консультирует по государственным услугам в сфере образования детей: { $services }. По этому вопросу обратитесь в единый контакт-центр { -centre-phone } или { -centre-toll-free } (бесплатно) или на портал egov.kz.
answers-redirect = Эту услугу оказывает другой орган, не Qoldau.
answers-repealed = { $title } ({ $date }) утратил силу: { $by } ({ $byDate }). Его можно приводить только как историю.
answers-repealed-current = Сейчас действует:
answers-unsure = Не удалось точно понять вопрос. О какой услуге речь: { $services }? Также можно позвонить в { -centre-phone } или { -centre-toll-free }.
answers-cite = [{ $label }]

answers-window = Приём заявлений ({ $year } г.): { $range }
answers-window-range = с { $start } по { $end }
answers-window-until = до { $end }
answers-window-override = срок установлен администратором
answers-window-override-on = срок установлен администратором ({ $date })
answers-window-published = В опубликованных источниках: { $range }
answers-window-assumed = на этот год не подтверждено, даты прошлого года
answers-date = { $date } { $year } г.
answers-month-1 = января
answers-month-2 = февраля
answers-month-3 = марта
answers-month-4 = апреля
answers-month-5 = мая
answers-month-6 = июня
answers-month-7 = июля
answers-month-8 = августа
answers-month-9 = сентября
answers-month-10 = октября
answers-month-11 = ноября
answers-month-12 = декабря

## Follow-ups: who may get it, what if nobody answers in time
answers-eligibility = Кому оказывается
answers-overdue = Если срок прошёл, а ответа нет: письменно обратитесь к руководителю организации, затем в отдел образования района (города), через e-Otinish (eotinish.kz) или позвоните { -centre-phone }.

## A parent's view: a fact not settled, what to do after a refusal
answers-parent-check = { $field }: уточните в организации, которая оказывает услугу, или по номеру { -centre-phone }.
answers-refused-next = Если отказали: попросите письменный мотивированный отказ, исправьте причину и подайте снова, или обжалуйте отказ у руководителя организации, в отделе образования района (города), через e-Otinish; проконсультирует { -centre-phone }.
answers-first-step = Начните с обследования в ПМПК (психолого-медико-педагогической консультации): её заключение нужно, чтобы ребёнка приняли в специальный (коррекционный) детский сад или группу, в специальную школу или создали инклюзивные условия.
answers-overdue-passed = Вы подали { $submitted }, ответ должен был прийти не позже { $due } — срок прошёл.
answers-overdue-not-yet = Вы подали { $submitted }, ответ должен прийти не позже { $due } — срок ещё не прошёл.
