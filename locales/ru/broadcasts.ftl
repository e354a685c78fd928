## Broadcasts: reminders that schools and the system send to subscribed parents

broadcasts-unsubscribe-button = 🔕 Отписаться от этой школы
broadcasts-unsubscribed = Сообщения этой школы больше не придут. Подписаться снова: /subscribe
broadcasts-unsubscribe-unknown = Эта подписка уже отменена.

broadcasts-kind-first-grade = Приём в 1 класс
broadcasts-kind-special-admission = Приём в специальную организацию образования

broadcasts-window-opens = 📢 { $kind }: приём заявлений открыт. Сроки: { $start } – { $end }. Подготовьте документы заранее.
broadcasts-window-closes = ⏰ { $kind }: приём заявлений заканчивается { $end } (осталось дней: { $days }). Если вы ещё не подали заявление, не откладывайте.
