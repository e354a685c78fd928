## Broadcasts: reminders that schools and the system send to subscribed parents

broadcasts-unsubscribe-button = 🔕 Бұл мектептен жазылымнан шығу
broadcasts-unsubscribed = Бұл мектептің хабарламалары енді келмейді. Қайта жазылу: /subscribe
broadcasts-unsubscribe-unknown = Бұл жазылым бұрын өшірілген.

broadcasts-kind-first-grade = 1-сыныпқа қабылдау
broadcasts-kind-special-admission = Арнайы білім беру ұйымына қабылдау

broadcasts-window-opens = 📢 { $kind }: өтінім қабылдау басталды. Мерзімі: { $start } – { $end }. Құжаттарды алдын ала дайындаңыз.
broadcasts-window-closes = ⏰ { $kind }: өтінім қабылдау { $end } күні аяқталады ({ $days } күн қалды). Әлі өтінім бермеген болсаңыз, кешіктірмеңіз.
