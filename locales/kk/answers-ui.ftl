## Answers UI
answers-ui-helpful = 👍 Пайдалы
answers-ui-not-helpful = 👎 Пайдасыз
answers-ui-open-card = Қызмет картасы
answers-ui-thanks = Рахмет! Бағаңыз сақталды.
answers-ui-sorry = Рахмет! Операторлар жауапты қарап, жақсартады. Шұғыл болса: { -centre-phone }.
answers-ui-feedback-expired = Бұл жауапқа баға беру мерзімі өтті.
answers-ui-pii-note = Хабарламаңызда жеке деректер бар (ЖСН, телефон немесе аты-жөні мен диагноз). Мен оларды сақтамаймын және маған олар керек емес — келесі жолы оларсыз жазыңыз. Сұрағыңызға жауап төменде.
answers-ui-source = Дереккөз
answers-ui-sources = 📚 Дереккөздер
