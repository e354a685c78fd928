## Console: shell
console-app-name = Qoldau · 1414
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
console-users-name = Имя
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
console-users-invalid = Проверьте данные: корректная почта, пароль не короче 10 символов, для администратора школы выбрана организация.
console-users-not-yourself = Нельзя заблокировать себя или снять с себя роль администратора.

## Console: operator search
console-nav-search = Поиск
console-search-title = Поиск ответа
console-search-label = Вопрос звонящего (на казахском или русском)
console-search-submit = Найти
console-search-keys = Результаты появляются по мере ввода. ↑ ↓ — по результатам, Enter — скопировать выбранное, Esc — очистить.
console-search-empty = Начните вводить вопрос: например, «обучение на дому документы» или «ПМПК мерзімі».
console-search-unavailable = Поиск пока недоступен. Пользуйтесь справочником 1414.
console-search-best-answer = Лучший ответ
console-search-copy = Скопировать ответ для зачитывания
console-search-copied = Скопировано
console-search-citations = Источники
console-search-repealed = утратил силу
console-search-not-current = не действующее правило
console-search-out-of-scope = Вопрос, возможно, вне наших услуг; проверьте ответ внимательно.
console-search-cards = Подходящие услуги
console-search-passages = Фрагменты источников
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
