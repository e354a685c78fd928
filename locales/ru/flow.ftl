## Flow
flow-back = « Назад
flow-restart = ⟲ Сначала
flow-type-answer = Напишите ответ сообщением.
flow-updated = Вопросы обновились. Начнём заново.
flow-expired = Эта кнопка из старого сообщения. Начнём вопросы сначала.
