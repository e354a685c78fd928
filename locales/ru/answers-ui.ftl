## Answers UI
answers-ui-helpful = 👍 Полезно
answers-ui-not-helpful = 👎 Не помогло
answers-ui-open-card = Карточка услуги
answers-ui-thanks = Спасибо! Оценка сохранена.
answers-ui-sorry = Спасибо! Операторы посмотрят ответ и улучшат его. Если срочно: { -centre-phone }.
answers-ui-feedback-expired = Срок оценки этого ответа истёк.
answers-ui-pii-note = В сообщении есть персональные данные (ИИН, телефон или ФИО с диагнозом). Я их не сохраняю, и они мне не нужны — в следующий раз пишите без них. Ответ на вопрос ниже.
answers-ui-source = Источник
answers-ui-sources = 📚 Источники
