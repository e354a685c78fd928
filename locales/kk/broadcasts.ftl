## Broadcasts: reminders that schools and the system send to subscribed parents

broadcasts-unsubscribe-button = 🔕 Бұл мектептен жазылымнан шығу
broadcasts-unsubscribed = Бұл мектептің хабарламалары енді келмейді. Қайта жазылу: /subscribe
broadcasts-unsubscribe-unknown = Бұл жазылым бұрын өшірілген.

broadcasts-kind-first-grade = 1-сыныпқа қабылдау
broadcasts-kind-special-admission = Арнайы білім беру ұйымына қабылдау

broadcasts-window-opens = 📢 { $kind }: өтінім қабылдау басталды. Мерзімі: { $start } – { $end }. Құжаттарды алдын ала дайындаңыз.
broadcasts-window-closes = ⏰ { $kind }: өтінім қабылдау { $end } күні аяқталады ({ $days } күн қалды). Әлі өтінім бермеген болсаңыз, кешіктірмеңіз.
broadcasts-window-check = Нақты мерзімді мектептен немесе { -centre-phone } нөмірінен нақтылаңыз.

## Console: campaign pages

broadcasts-console-nav = Хабарламалар
broadcasts-console-title = Ата-аналарға хабарламалар
broadcasts-console-new = Жаңа хабарлама
broadcasts-console-text-kk = Қазақша мәтін
broadcasts-console-text-ru = Орысша мәтін
broadcasts-console-audience = Кімге
broadcasts-console-scope-provider = Бір мектептің жазылушылары
broadcasts-console-scope-region = Өңірдің жазылушылары
broadcasts-console-scope-all = Барлық жазылушылар
broadcasts-console-school = Мектеп
broadcasts-console-region = Өңір
broadcasts-console-own-school = Хабарлама тек сіздің мектебіңізге жазылған ата-аналарға барады.
broadcasts-console-grade = Қызығушылық сыныбы
broadcasts-console-grade-any = Кез келген
broadcasts-console-when = Жіберу уақыты (Астана уақыты)
broadcasts-console-when-hint = Бос қалдырсаңыз, қазір жіберіледі. Түнгі уақытта (21:00–09:00) жеткізу тоқтап, таңертең жалғасады.
broadcasts-console-preview = Алдын ала қарау
broadcasts-console-preview-title = Ата-ана осылай көреді
broadcasts-console-send = Жіберу немесе жоспарлау
broadcasts-console-audience-count = Алушылар саны: { $count }
broadcasts-console-need-kk = Қазақша мәтінді жазыңыз.
broadcasts-console-need-ru = Орысша мәтінді жазыңыз.
broadcasts-console-unavailable = Хабарлама қызметі қазір қолжетімсіз.
broadcasts-console-forbidden = Бұл хабарлама немесе алушылар сіздің мектебіңізге жатпайды.
broadcasts-console-back = Хабарламалар тізіміне
broadcasts-console-list = Жіберілген және жоспарланған
broadcasts-console-none = Әзірге хабарлама жоқ.
broadcasts-console-created = Уақыты
broadcasts-console-state = Күйі
broadcasts-console-progress = Барысы
broadcasts-console-campaign = Хабарлама
broadcasts-console-scheduled-for = Басталуы:
broadcasts-console-sent = Жеткізілді
broadcasts-console-pending = Кезекте
broadcasts-console-failed = Қате
broadcasts-console-blocked = Ботты бұғаттаған
broadcasts-console-cancelled = Тоқтатылды
broadcasts-console-cancel = Хабарламаны тоқтату
broadcasts-console-report = Жеткізу есебі
broadcasts-console-report-summary = Барлығы { $total }: жеткізілді { $sent }, қате { $failed }, ботты бұғаттаған { $blocked }.
broadcasts-console-error = Себебі
broadcasts-console-count = Саны
broadcasts-console-status-draft = Жоба
broadcasts-console-status-scheduled = Жоспарланған
broadcasts-console-status-sending = Жіберілуде
broadcasts-console-status-completed = Аяқталды
broadcasts-console-status-cancelled = Тоқтатылды
broadcasts-console-quiet = Түнгі тыныштық уақыты ({ $hours }): жеткізу тоқтатылды, таңертең өзі жалғасады.
