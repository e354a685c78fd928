## Language
language-choose = Выберите язык / Тілді таңдаңыз:
language-changed = Хорошо, теперь говорим по-русски.
