## Status: application status by ID

status-ask-id = Отправьте номер заявления (например, 7K3M-9XPA-2RQD). Он указан в расписке и в «Личном кабинете» на egov.kz (история полученных услуг).
status-malformed-id = Это не похоже на номер заявления: номер состоит из 12 знаков (буквы и цифры, например 7K3M-9XPA-2RQD), последний знак проверяет опечатки. Номер есть в расписке и на egov.kz → «Личный кабинет» → «История получения услуг».
status-consent-text = Чтобы проверить статус заявления, мы обрабатываем ваш идентификатор Telegram, номер заявления и (по желанию) номер телефона. Это делается только с вашего согласия, по статье 8 Закона «О персональных данных и их защите». Номер телефона в открытом виде не хранится. Вы согласны?
status-consent-agree = Согласен(на)
status-consent-refuse = Не согласен(на)
status-consent-granted = Спасибо, ваше согласие записано: { $at }.
status-consent-refused = Понятно. Без согласия мы не можем проверить статус. Узнать статус можно по номеру { -centre-phone } или в «Личном кабинете» на egov.kz.
status-consent-required = Сначала дайте согласие на обработку персональных данных: /status
status-checking = Проверяем… Пришлём ответ сюда, как только он будет готов.
status-not-found = Не удалось найти статус по этому номеру. Проверьте номер в расписке или в «Личном кабинете» на egov.kz. Вопросы — { -centre-phone }.
status-unavailable = Сейчас не удалось проверить статус: информационная система не отвечает. Попробуйте позже или позвоните { -centre-phone }.
status-rate-limited = Слишком много проверок. Попробуйте через { $minutes } мин. или позвоните { -centre-phone }.
status-coarse = Заявление { $id }: { $state }. Срок: { $deadline }.
status-coarse-hint = Чтобы увидеть подробности, подтвердите, что заявление ваше: поделитесь номером телефона или введите PIN-код из расписки.
status-detailed = Заявление { $id } — { $service }
    Услугодатель: { $provider }
    Этап: { $stage } ({ $stageAt })
    Срок: { $deadline }
status-history = История:
status-history-line = • { $at } — { $stage } ({ $by })
status-refusal-ground = Основание отказа: { $ground }
status-overdue = Срок прошёл, а результата нет. Что можно сделать: письменно обратиться к руководителю услугодателя{ $phone }, подать жалобу в районный (городской) отдел образования или позвонить { -centre-phone }.
status-overdue-phone = { " " }(тел. { $phone })
status-state-in-progress = на рассмотрении
status-state-ready = результат подготовлен
status-state-issued = результат выдан
status-state-refused = отказано
status-stage-received = принято
status-stage-registered = зарегистрировано
status-stage-assigned = передано исполнителю
status-stage-result-prepared = результат подготовлен
status-stage-signed = подписано
status-stage-issued = выдано
status-stage-refused = отказано
status-by-provider = услугодатель
status-by-operator = оператор
status-by-external = информационная система
status-by-import = загрузка
status-by-registry = реестр
status-by-demo = демо
status-share-phone = Поделиться номером телефона
status-enter-pin = Ввести PIN-код
status-ask-pin = Отправьте PIN-код из расписки.
status-proof-rejected = Не удалось подтвердить, что заявление ваше, поэтому показан только общий статус.
status-contact-not-own = Можно поделиться только своим номером (кнопка «Поделиться номером телефона»).
status-notice-stage-changed = Этап заявления { $id } изменился: { $stage }.
status-refused-next = Что можно сделать: попросить письменный мотивированный отказ, исправить причину и подать заявление снова, или обжаловать отказ у руководителя организации, в отделе образования района (города), через e-Otinish; проконсультирует { -centre-phone }.
