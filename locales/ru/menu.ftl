## Menu
menu-title = Что делаем?
menu-which-service = Какая услуга подходит моему ребёнку?
menu-all-services = Все услуги
menu-contact = Контакты
menu-help = Помощь
menu-language = Язык: русский 🔁
menu-home = « Главное меню
