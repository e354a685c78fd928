## Language
language-choose = Тілді таңдаңыз / Выберите язык:
language-changed = Жарайды, енді қазақша сөйлесеміз.
