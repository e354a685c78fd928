## Subscriptions: parents follow schools to receive admission reminders

subscriptions-choose-region = Қай өңірдегі мектептің хабарламаларын алғыңыз келеді?
subscriptions-type-school = Мектептің атауын немесе нөмірін жазыңыз, не тізімнен таңдаңыз.
subscriptions-choose-school = Өңірдегі мектептер:
subscriptions-school-results = Табылған мектептер:
subscriptions-school-not-found = Мұндай мектеп табылмады. Атауын немесе нөмірін басқаша жазып көріңіз.
subscriptions-choose-grade = Бала қай сыныпқа немесе қабылдаудың қай түріне қызығасыз?
subscriptions-grade-first-grade = Келесі жылы 1-сыныпқа
subscriptions-grade-special-admission = Арнайы мектепке немесе сыныпқа қабылдау
subscriptions-grade-other = Басқа сынып
subscriptions-choose-language = Хабарламалар қай тілде келсін?
subscriptions-done = Жазылдыңыз: { $school } ({ $grade }). Қабылдау мерзімдері туралы еске салғыштар осында келеді. Жазылымдарыңыз: /subscriptions
subscriptions-none = Сізде жазылым жоқ. Жазылу: /subscribe
subscriptions-list-title = Сіздің жазылымдарыңыз:
subscriptions-choose-remove = Қай жазылымды өшіреміз?
subscriptions-remove-button = ✖ { $n } өшіру
subscriptions-removed = Жазылым өшірілді.
subscriptions-already-removed = Бұл жазылым бұрын өшірілген.
