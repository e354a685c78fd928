## Security: sign-in limits, stale forms, bad input

security-login-account-locked = Бұл тіркелгіге кіру әрекеттері тым көп рет қате болды. { $minutes } минуттан кейін қайталаңыз немесе әкімшіден кіруді ашуды сұраңыз.
security-login-address-limited = Осы мекенжайдан кіру әрекеттері тым көп рет қате болды. { $minutes } минуттан кейін қайталаңыз.
security-users-locked = Кіру бұғатталған
security-users-unlock = Кіруді ашу
security-users-unlocked = { $email } үшін кіру ашылды.
security-stage-back = Өтінішті ашу
security-stage-invalid = Форма қате толтырылған. Өтінішті ашып, әрекетті қайталаңыз.
security-stage-stale_stage = Форма ашық тұрғанда өтініш басқа кезеңге өтіп кетті. Өтінішті қайта ашып, бұл әрекет әлі керек пе, тексеріңіз.
security-stage-move_not_allowed = Кезеңді бұлай өзгертуге болмайды: кезеңдер тек алға жүреді, ал берілген не бас тартылған өтініш енді өзгермейді.
security-stage-refusal_ground_required = Бас тарту үшін негізін таңдаңыз.
security-stage-unknown_refusal_ground = Бұл қызметтің тізбесінде мұндай бас тарту негізі жоқ.
security-stage-invalid_time = Өзгеріс уақыты қате көрсетілген.
security-stage-time_in_future = Өзгеріс уақыты болашақта бола алмайды.
security-stage-time_before_last_event = Өзгеріс уақыты ағымдағы кезеңнен ерте бола алмайды.
security-stage-unknown_application = Мұндай өтініш жоқ.
security-bad-query = Сұрау қабылданбады: 300 таңбадан аспауы және бір ғана іздеу өрісі болуы керек. Мәтінді қысқартып, қайталаңыз.
security-bad-flag = Белгі сақталмады: түрін таңдаңыз, ал сұрау мен түсініктеме бос немесе тым ұзын болмауы керек.
security-back = Артқа
security-bad-campaign = Тарату қабылданбады: әрекетті және мәтіндердің ұзындығын тексеріңіз (әр тілде 3500 таңбадан аспауы керек).
security-campaign-date = Жіберу уақыты алдағы бір жылдың ішінде болуы керек, өткен уақыт емес.
