## Security: sign-in limits, stale forms, bad input

security-login-account-locked = Слишком много неверных попыток входа в эту учётную запись. Попробуйте через { $minutes } мин. или попросите администратора разблокировать вход.
security-login-address-limited = Слишком много неверных попыток входа с этого адреса. Попробуйте через { $minutes } мин.
security-users-locked = Вход заблокирован
security-users-unlock = Разблокировать вход
security-users-unlocked = Вход для { $email } разблокирован.
security-stage-back = Открыть заявление
security-stage-invalid = Форма заполнена неверно. Откройте заявление и повторите действие.
security-stage-stale_stage = Заявление уже перешло на другой этап, пока форма была открыта. Откройте заявление заново и проверьте, нужно ли ещё это действие.
security-stage-move_not_allowed = Такой переход этапа невозможен: этапы идут только вперёд, а выданное или отказанное заявление больше не меняется.
security-stage-refusal_ground_required = Для отказа выберите основание.
security-stage-unknown_refusal_ground = Такого основания отказа нет в перечне для этой услуги.
security-stage-invalid_time = Время изменения указано неверно.
security-stage-time_in_future = Время изменения не может быть в будущем.
security-stage-time_before_last_event = Время изменения не может быть раньше текущего этапа.
security-stage-unknown_application = Такого заявления нет.
security-bad-query = Запрос не принят: не длиннее 300 символов и одно поле поиска. Сократите текст и повторите.
security-bad-flag = Отметка не сохранена: выберите вид, а запрос и комментарий не должны быть пустыми или слишком длинными.
security-back = Назад
security-bad-campaign = Рассылка не принята: проверьте действие и длину текстов (не более 3500 символов на каждом языке).
security-campaign-date = Время отправки должно быть в пределах ближайшего года, не в прошлом.
