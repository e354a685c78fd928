import type { Language } from "../i18n.ts";

/** What the parent typed for the application form. */
export interface ApplicationFormInput {
  childName: string;
  grade: string;
  address: string;
}

const escapeHtml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** Wording of annex 2 (home schooling) of order No. 223; the Russian is our translation. */
const wording = {
  kk: {
    title: "Өтініш",
    head: "басшысы",
    headHint: "(жергілікті атқарушы органның атауы)",
    from: "Т.А.Ә. (болған жағдайда)",
    body: (v: Record<keyof ApplicationFormInput, string>) =>
      `${v.grade} сыныпта оқу үшін <span class="blank"></span><br><span class="hint">(білім беру ұйымының атауы)</span><br>${v.address} мекенжайында тұратын менің балам/қызым (Т.А.Ә. (болған жағдайда)) ${v.childName} қабылдауыңызды сұраймын.`,
    date: "«____» ____________ 20___ ж.",
    signature: "қолы",
    source:
      "Қазақстан Республикасы Білім және ғылым министрінің 2020 жылғы 27 мамырдағы № 223 бұйрығы, үйде оқыту қызметі қағидасының 2-қосымшасы.",
    print: "Басып шығару немесе PDF ретінде сақтау: браузер мәзірі → «Басып шығару».",
  },
  ru: {
    title: "Заявление",
    head: "Руководителю",
    headHint: "(наименование местного исполнительного органа)",
    from: "от Ф.И.О. (при наличии)",
    body: (v: Record<keyof ApplicationFormInput, string>) =>
      `Прошу принять моего сына/дочь (Ф.И.О. (при наличии)) ${v.childName}, проживающего(-ую) по адресу ${v.address}, для обучения в ${v.grade} классе <span class="blank"></span><br><span class="hint">(наименование организации образования)</span>.`,
    date: "«____» ____________ 20___ г.",
    signature: "подпись",
    source:
      "Приложение 2 к правилам услуги обучения на дому, приказ Министра образования и науки РК от 27 мая 2020 года № 223 (перевод с казахского текста).",
    print: "Распечатать или сохранить как PDF: меню браузера → «Печать».",
  },
} as const;

/**
 * The application form (annex 2 of order No. 223, home schooling) filled with what the parent
 * typed, as one self-contained HTML file. HTML rather than PDF: it opens in Telegram's viewer and
 * any phone browser with no app, shows Kazakh letters (ә, ғ, қ, ң, ө, ұ, ү, һ, і) with the
 * phone's own fonts — a PDF would have to embed a Cyrillic+Kazakh font, since the standard PDF
 * fonts are Latin-only — and prints or saves as PDF from the browser.
 */
export function renderApplicationForm(input: ApplicationFormInput, lang: Language): string {
  const w = wording[lang];
  const v = {
    childName: `<b>${escapeHtml(input.childName)}</b>`,
    grade: `<b>${escapeHtml(input.grade)}</b>`,
    address: `<b>${escapeHtml(input.address)}</b>`,
  };
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${w.title}</title>
<style>
body { font-family: "Times New Roman", serif; max-width: 40em; margin: 2em auto; padding: 0 1em; line-height: 1.6; }
.head { margin-left: 45%; }
.blank { display: inline-block; min-width: 14em; border-bottom: 1px solid #000; }
.hint { font-size: 0.8em; color: #444; }
h1 { text-align: center; font-size: 1.3em; margin: 2em 0 1em; }
.sign { display: flex; justify-content: space-between; margin-top: 3em; }
footer { margin-top: 3em; font-size: 0.75em; color: #555; }
@media print { footer .print { display: none; } }
</style>
</head>
<body>
<div class="head">
<p>${lang === "kk" ? `<span class="blank"></span> ${w.head}` : `${w.head} <span class="blank"></span>`}<br><span class="hint">${w.headHint}</span></p>
<p><span class="blank"></span><br><span class="hint">${w.from}</span></p>
</div>
<h1>${w.title}</h1>
<p>${w.body(v)}</p>
<div class="sign"><span>${w.date}</span><span><span class="blank"></span><br><span class="hint">${w.signature}</span></span></div>
<footer><p>${w.source}</p><p class="print">${w.print}</p></footer>
</body>
</html>
`;
}
