## Documents (console)
console-nav-documents = Өтініштер
console-documents-title = Мектепке өтініш
console-documents-intro = Бот жіберетін құжаттың дәл өзі: ресми нысан немесе еркін нысандағы өтініш, PDF. Аты-жөндер сақталмайды.
console-documents-document = Құжат
console-documents-lang = Тілі
console-documents-parent = Ата-ананың тегі, аты, әкесінің аты
console-documents-child = Баланың тегі, аты, әкесінің аты
console-documents-relation = Бала
console-documents-grade = Сынып
console-documents-school = Мектеп
console-documents-conclusionNumber = Қорытынды нөмірі (ДКК немесе ПМПК)
console-documents-conclusionDate = Қорытынды күні
console-documents-optional = Міндетті емес.
console-documents-submit = PDF жасау
console-documents-son = Ұлы
console-documents-daughter = Қызы
