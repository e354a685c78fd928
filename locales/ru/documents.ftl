## Documents (console)
console-nav-documents = Заявления
console-documents-title = Заявление в школу
console-documents-intro = Тот же документ, что отправляет бот: официальная форма или заявление в произвольной форме, PDF. ФИО не сохраняются.
console-documents-document = Документ
console-documents-lang = Язык
console-documents-parent = ФИО родителя
console-documents-child = ФИО ребёнка
console-documents-relation = Ребёнок
console-documents-grade = Класс
console-documents-school = Школа
console-documents-conclusionNumber = Номер заключения (ВКК или ПМПК)
console-documents-conclusionDate = Дата заключения
console-documents-optional = Необязательно.
console-documents-submit = Сделать PDF
console-documents-son = Сын
console-documents-daughter = Дочь
