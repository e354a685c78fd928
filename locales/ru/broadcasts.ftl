## Broadcasts: reminders that schools and the system send to subscribed parents

broadcasts-unsubscribe-button = 🔕 Отписаться от этой школы
broadcasts-unsubscribed = Сообщения этой школы больше не придут. Подписаться снова: /subscribe
broadcasts-unsubscribe-unknown = Эта подписка уже отменена.

broadcasts-kind-first-grade = Приём в 1 класс
broadcasts-kind-special-admission = Приём в специальную организацию образования

broadcasts-window-opens = 📢 { $kind }: приём заявлений открыт. Сроки: { $start } – { $end }. Подготовьте документы заранее.
broadcasts-window-closes = ⏰ { $kind }: приём заявлений заканчивается { $end } (осталось дней: { $days }). Если вы ещё не подали заявление, не откладывайте.
broadcasts-window-check = Точные сроки уточните в школе или по номеру { -centre-phone }.

## Console: campaign pages

broadcasts-console-nav = Рассылки
broadcasts-console-title = Сообщения родителям
broadcasts-console-new = Новое сообщение
broadcasts-console-text-kk = Текст на казахском
broadcasts-console-text-ru = Текст на русском
broadcasts-console-audience = Кому
broadcasts-console-scope-provider = Подписчикам одной школы
broadcasts-console-scope-region = Подписчикам региона
broadcasts-console-scope-all = Всем подписчикам
broadcasts-console-school = Школа
broadcasts-console-region = Регион
broadcasts-console-own-school = Сообщение получат только родители, подписанные на вашу школу.
broadcasts-console-grade = Интересующий класс
broadcasts-console-grade-any = Любой
broadcasts-console-when = Когда отправить (время Астаны)
broadcasts-console-when-hint = Пусто — отправить сейчас. Ночью (21:00–09:00) доставка приостанавливается и продолжается утром.
broadcasts-console-preview = Предпросмотр
broadcasts-console-preview-title = Так увидит родитель
broadcasts-console-send = Отправить или запланировать
broadcasts-console-audience-count = Получателей: { $count }
broadcasts-console-need-kk = Напишите текст на казахском.
broadcasts-console-need-ru = Напишите текст на русском.
broadcasts-console-unavailable = Служба рассылок сейчас недоступна.
broadcasts-console-forbidden = Эта рассылка или эти получатели не относятся к вашей школе.
broadcasts-console-back = К списку рассылок
broadcasts-console-list = Отправленные и запланированные
broadcasts-console-none = Рассылок пока нет.
broadcasts-console-created = Время
broadcasts-console-state = Состояние
broadcasts-console-progress = Ход
broadcasts-console-campaign = Рассылка
broadcasts-console-scheduled-for = Начало:
broadcasts-console-sent = Доставлено
broadcasts-console-pending = В очереди
broadcasts-console-failed = Ошибка
broadcasts-console-blocked = Заблокировали бота
broadcasts-console-cancelled = Отменено
broadcasts-console-cancel = Отменить рассылку
broadcasts-console-report = Отчёт о доставке
broadcasts-console-report-summary = Всего { $total }: доставлено { $sent }, ошибок { $failed }, заблокировали бота { $blocked }.
broadcasts-console-error = Причина
broadcasts-console-count = Количество
broadcasts-console-status-draft = Черновик
broadcasts-console-status-scheduled = Запланирована
broadcasts-console-status-sending = Отправляется
broadcasts-console-status-completed = Завершена
broadcasts-console-status-cancelled = Отменена
broadcasts-console-quiet = Тихие часы ({ $hours }): доставка приостановлена и сама продолжится утром.
