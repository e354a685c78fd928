## Security: sign-in limits, stale forms, bad input

security-login-account-locked = Слишком много неверных попыток входа в эту учётную запись. Попробуйте через { $minutes } мин. или попросите администратора разблокировать вход.
security-login-address-limited = Слишком много неверных попыток входа с этого адреса. Попробуйте через { $minutes } мин.
security-users-locked = Вход заблокирован
security-users-unlock = Разблокировать вход
security-users-unlocked = Вход для { $email } разблокирован.
