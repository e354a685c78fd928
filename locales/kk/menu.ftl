## Menu
menu-title = Не істейміз?
menu-which-service = Балама қай қызмет сәйкес келеді?
menu-all-services = Барлық қызметтер
menu-contact = Байланыс
menu-help = Көмек
menu-language = Тіл: қазақша 🔁
menu-home = « Басты мәзір
