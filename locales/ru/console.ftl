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
