## Security: sign-in limits, stale forms, bad input

security-login-account-locked = Бұл тіркелгіге кіру әрекеттері тым көп рет қате болды. { $minutes } минуттан кейін қайталаңыз немесе әкімшіден кіруді ашуды сұраңыз.
security-login-address-limited = Осы мекенжайдан кіру әрекеттері тым көп рет қате болды. { $minutes } минуттан кейін қайталаңыз.
security-users-locked = Кіру бұғатталған
security-users-unlock = Кіруді ашу
security-users-unlocked = { $email } үшін кіру ашылды.
