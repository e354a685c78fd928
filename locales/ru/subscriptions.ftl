## Subscriptions: parents follow schools to receive admission reminders

subscriptions-choose-region = Сообщения школы из какого региона вы хотите получать?
subscriptions-type-school = Напишите название или номер школы или выберите из списка.
subscriptions-choose-school = Школы региона:
subscriptions-school-results = Найденные школы:
subscriptions-school-not-found = Такая школа не найдена. Попробуйте написать название или номер иначе.
subscriptions-choose-grade = Какой класс или вид приёма вас интересует?
subscriptions-grade-first-grade = В 1 класс в следующем году
subscriptions-grade-special-admission = Приём в специальную школу или класс
subscriptions-grade-other = Другой класс
subscriptions-choose-language = На каком языке присылать сообщения?
subscriptions-done = Вы подписаны: { $school } ({ $grade }). Напоминания о сроках приёма придут сюда. Ваши подписки: /subscriptions
subscriptions-none = У вас нет подписок. Подписаться: /subscribe
subscriptions-list-title = Ваши подписки:
subscriptions-choose-remove = Какую подписку удалить?
subscriptions-remove-button = ✖ Удалить { $n }
subscriptions-removed = Подписка удалена.
subscriptions-already-removed = Эта подписка уже удалена.
