## Console: shell
console-app-name = Qoldau · { -centre-phone }
console-language = Язык
console-skip-to-content = Перейти к содержимому
console-navigation = Разделы
console-logout = Выйти
console-role-operator = Оператор
console-role-school_admin = Администратор школы
console-role-admin = Администратор
console-save = Сохранить
console-cancel = Отмена
console-back-home = Вернуться на главную
console-forbidden-title = Доступ закрыт
console-forbidden-text = У вас нет прав на эту страницу или эти данные.
console-csrf-title = Форма устарела
console-csrf-text = Обновите страницу и повторите действие.
console-rate-limited-title = Слишком много попыток
console-rate-limited-text = Повторите через минуту.
console-error-title = Произошла ошибка
console-error-text = Не удалось выполнить запрос. Повторите; если ошибка повторится, сообщите администратору.

## Console: login
console-login-title = Вход
console-login-email = Электронная почта
console-login-password = Пароль
console-login-submit = Войти
console-login-failed = Неверная почта или пароль.

## Console: navigation
console-nav-users = Пользователи
console-nav-queues = Очереди

## Console: users
console-users-title = Пользователи и роли
console-users-caption = Всего пользователей: { $count }
console-users-email = Электронная почта
console-users-name = Имя и фамилия
console-users-name-hint = Родители видят оператора только по первому слову: пишите сначала имя (Айгерім Серікова), не фамилию.
console-users-password = Пароль (не менее 10 символов)
console-users-role = Роль
console-users-provider = Организация (школа)
console-users-provider-hint = Обязательно для администратора школы: он видит данные только своей школы.
console-users-last-login = Последний вход
console-users-change = Изменить
console-users-disabled = Заблокирован
console-users-new = Новый пользователь
console-users-create = Создать
console-users-created = Пользователь { $email } создан.
console-users-saved = Изменения для { $email } сохранены.
console-users-exists = Пользователь с такой почтой уже есть.
console-users-unknown-provider = Такой организации нет в справочнике. Сначала загрузите список организаций.
console-users-invalid = Проверьте данные: корректная почта, пароль не короче 10 символов, для администратора школы выбрана организация.
console-users-not-yourself = Нельзя заблокировать себя или снять с себя роль администратора.

## Console: operator search
console-nav-search = Поиск
console-search-title = Поиск ответа
console-search-label = Вопрос звонящего (на казахском или русском)
console-search-submit = Найти
console-search-keys = Результаты появляются по мере ввода. ↑ ↓ — по результатам, Enter — скопировать выбранное, Esc — очистить.
console-search-empty = Начните вводить вопрос: например, «обучение на дому документы» или «ПМПК мерзімі».
console-search-unavailable = Поиск пока недоступен. Пользуйтесь справочником { -centre-phone }.
console-search-best-answer = Лучший ответ
console-search-answer-pending = Ответ появится, когда вы перестанете печатать…
console-search-copy = Скопировать ответ для зачитывания
console-search-copied = Скопировано
console-search-citations = Источники
console-search-repealed = утратил силу
console-search-not-current = не действующее правило
console-search-out-of-scope = Вопрос, возможно, вне наших услуг; проверьте ответ внимательно.
console-search-cards = Подходящие услуги
console-search-passages = Фрагменты источников
console-search-found = Найдено фрагментов:
console-card-term = Срок
console-card-deadline = Срок результата при подаче сегодня
console-card-fee = Стоимость
console-card-office = Приём
console-card-office-open = Сейчас документы принимают
console-card-office-closed = Сейчас приёма нет
console-card-providers = Услугодатель
console-card-documents = Список документов
console-unit-working_days = { $amount } раб. дн.
console-unit-calendar_days = { $amount } календ. дн.
console-unit-hours = { $amount } ч
console-unit-minutes = { $amount } мин
console-flag-open = Отметить ответ (неверный или отсутствует)
console-flag-kind = Что не так?
console-flag-wrong = Ответ неверный
console-flag-missing = Нужного ответа нет
console-flag-comment = Комментарий
console-flag-submit = Отметить
console-flag-saved = Спасибо, отметка сохранена и попала в список на проверку.

## Console: guided flow
console-nav-flow = Подбор услуги
console-flow-title = Какая услуга подходит
console-flow-intro = Зачитайте звонящему вопрос и выберите его ответ. В конце появится карточка подходящей услуги.
console-flow-back = Назад
console-flow-restart = Начать сначала
console-flow-next = Далее
console-flow-result = Подходящая услуга
console-flow-stale = Вопросы изменились. Начните сначала.
console-flow-unavailable = Сценарий вопросов пока не загружен.
console-flow-search-more = Найти полный ответ по этой услуге

## Console: application status
console-nav-status = Статус заявки
console-status-title = Проверка статуса заявки
console-status-id = Номер заявки
console-status-id-hint = Указан в расписке или в «личном кабинете» egov.kz, например ABCD-EFGH-JKMN.
console-status-verify = Проверка звонящего
console-status-verify-prompt = Прежде чем называть подробности, спросите номер телефона, с которого подана заявка, или PIN-код из расписки. Без проверки виден только общий статус.
console-status-verify-none = Без проверки (только общий статус)
console-status-verify-phone = По номеру телефона
console-status-verify-pin = По PIN из расписки
console-status-proof = Телефон или PIN
console-status-submit = Проверить
console-status-invalid = Введите номер заявки.
console-status-malformed = Номер записан с ошибкой. Попросите звонящего ещё раз продиктовать номер из расписки или «личного кабинета».
console-status-rate-limited = Слишком частые проверки. Повторите через { $seconds } с.
console-status-unavailable = Сервис статусов сейчас не отвечает. Повторите позже.
console-status-pending = Проверка ещё идёт. Повторите через несколько секунд.
console-status-not-found = Заявка не найдена или проверка не удалась. Проверьте номер.
console-status-proof-rejected = Телефон или PIN не совпали: показан только общий статус.
console-status-coarse-note = Звонящий не проверен: только общий статус. Для подробностей спросите телефон или PIN.
console-status-verified = проверен
console-status-service = Услуга
console-status-state = Статус
console-status-deadline = Срок результата
console-status-stage-at = Переход на этап
console-status-submitted = Дата подачи
console-status-channel = Канал
console-status-refusal = Основание отказа
console-status-history = История этапов
console-overdue = просрочена
console-stages = Этапы заявки
console-stage-received = Принята
console-stage-registered = Зарегистрирована
console-stage-assigned = Передана исполнителю
console-stage-result_prepared = Результат готов
console-stage-signed = Подписана
console-stage-issued = Выдана
console-stage-refused = Отказано
console-state-in_progress = На рассмотрении
console-state-ready = Результат подготовлен
console-state-issued = Выдана
console-state-refused = Отказано

## Console: school
console-nav-school = Заявки школы
console-school-title = Заявки школы
console-school-open = Открыть
console-school-applications = заявок
console-school-overdue = просрочено
console-school-subscribers = подписанных родителей
console-school-none = Заявок нет.
console-school-caption = Сначала просроченные, затем по ближайшему сроку
console-school-id = Номер
console-school-stage = Этап
console-school-actions = Действия
console-school-advance = Следующий этап
console-school-refuse = Отказать
console-school-ground = Основание отказа (из каталога)
console-school-refuse-submit = Подтвердить отказ
console-school-moved = Заявка { $id } обновлена.
console-school-application = Заявка
console-school-not-yours = Эта заявка не относится к вашей школе или не существует.

## Console: feedback
console-nav-feedback = Обратная связь
console-feedback-title = Отмеченные ответы и обратная связь
console-feedback-flags = Ответы, отмеченные операторами
console-feedback-bot = Оценки «не помогло» в боте
console-feedback-none = Проверять нечего.
console-feedback-when = Когда
console-feedback-kind = Тип
console-feedback-question = Вопрос
console-feedback-resolve = Решено
console-feedback-reviewed = Просмотрено

## Console: catalogue
console-nav-catalogue = Каталог
console-catalogue-title = Каталог знаний
console-catalogue-dir = Папка
console-catalogue-services = Услуги
console-catalogue-sources = Источники
console-catalogue-hint = После правки файлов в knowledge/ перезагрузите каталог. При ошибке продолжает работать прежний каталог.
console-catalogue-reload = Перезагрузить каталог
console-catalogue-reloaded = Каталог загружен: услуг { $services }, источников { $sources }.
console-catalogue-invalid = Каталог не загружен, работает прежний. Ошибки:
console-catalogue-modules = Некоторые модули не загрузились:
console-channel-provider_office = Канцелярия услугодателя
console-channel-egov_portal = Портал egov.kz
console-channel-egov_mobile = eGov Mobile
console-channel-government_for_citizens = «Правительство для граждан»
console-channel-local_authority = Местный исполнительный орган

## Console: audit
console-nav-audit = Аудит
console-audit-title = Журнал действий
console-audit-caption = Последние записи: { $count }
console-audit-who = Кто
console-audit-action = Действие
console-audit-subject = Объект
console-audit-detail = Подробности
