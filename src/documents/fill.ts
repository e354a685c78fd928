import type { Language } from "../i18n.ts";
import { type Catalogue, isFreeFormApplication } from "../knowledge/catalogue.ts";
import type { DocumentTemplate, TemplateLine } from "../knowledge/schemas.ts";
import { formatDotted } from "../time/local-time.ts";
import {
  declineKazakhName,
  type KazakhCase,
  kazakhAttributiveDate,
  kazakhOrdinal,
} from "./declension/kk.ts";
import {
  declineRussianName,
  genderOfName,
  type RussianCase,
  russianOrdinal,
} from "./declension/ru.ts";

/** What the parent (or an operator) gives for a document; already validated. */
export interface DocumentInput {
  parent: string;
  child: string;
  relation: "son" | "daughter";
  grade: number;
  school: string;
  conclusionNumber?: string;
  /** `YYYY-MM-DD`. */
  conclusionDate?: string;
}

/** A document with every placeholder filled, ready for a page layout. */
export interface FilledDocument {
  lang: Language;
  corner: string[];
  addressee: TemplateLine[];
  title: string;
  body: TemplateLine[];
  attachments?: { title: string; items: string[] };
  date: string;
  signature: string;
  fileName: string;
}

const kazakhCases: KazakhCase[] = ["genitive", "dative", "accusative", "ablative"];
const russianCases: RussianCase[] = ["genitive", "dative", "accusative"];

function nameForms(name: string, lang: Language, gender: "male" | "female" | undefined) {
  const forms: Record<string, string> = {};
  if (lang === "kk") {
    for (const c of kazakhCases) forms[c] = declineKazakhName(name, c);
  } else {
    // Without a gender a Russian name cannot be declined safely; the nominative stays.
    for (const c of russianCases) forms[c] = gender ? declineRussianName(name, c, gender) : name;
  }
  return forms;
}

const placeholder = /\{([a-z]+(?:\.[a-z]+)*)\}/gi;

function substitute(text: string, values: Map<string, string>): string {
  return text.replace(placeholder, (whole, key: string) => values.get(key) ?? whole);
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * The attached documents the catalogue lists for the office channel, except the application
 * itself (the free-form one).
 */
function attachedDocuments(catalogue: Catalogue, serviceId: string, lang: Language): string[] {
  const office = catalogue
    .getService(serviceId)
    ?.channels?.find((c) => c.kind === "provider_office");
  return (office?.documents ?? [])
    .filter((d) => !isFreeFormApplication(d))
    .map((d) => d.name[lang]);
}

/** Fills a template for one language. */
export function fillDocument(
  template: DocumentTemplate,
  input: DocumentInput,
  lang: Language,
  catalogue: Catalogue,
): FilledDocument {
  const text = template.text[lang];
  const childGender = input.relation === "son" ? "male" : "female";
  const values = new Map<string, string>();
  values.set("school", input.school);
  values.set("grade", String(input.grade));
  values.set("grade.ordinal", kazakhOrdinal(input.grade));
  for (const c of ["nominative", "genitive", "prepositional"] as const)
    values.set(`grade.ordinal.${c}`, russianOrdinal(input.grade, c));
  for (const [who, name, gender] of [
    ["parent", input.parent, genderOfName(input.parent)],
    ["child", input.child, childGender],
  ] as const) {
    values.set(who, name);
    for (const [c, form] of Object.entries(nameForms(name, lang, gender)))
      values.set(`${who}.${c}`, form);
  }
  for (const [word, forms] of Object.entries(template.words[lang]))
    values.set(`w.${word}`, forms[input.relation]);
  let conclusion = "";
  if (template.conclusion && input.conclusionNumber && input.conclusionDate) {
    const date =
      lang === "kk"
        ? kazakhAttributiveDate(input.conclusionDate)
        : formatDotted(input.conclusionDate);
    conclusion = substitute(
      template.conclusion.given[lang],
      new Map([
        ["conclusion.number", input.conclusionNumber],
        ["conclusion.date", date],
      ]),
    );
  }
  values.set("conclusion", conclusion);
  const fillLine = (line: TemplateLine): TemplateLine => ({
    ...line,
    text: substitute(line.text, values),
  });
  const items = attachedDocuments(catalogue, template.service, lang);
  return {
    lang,
    corner: text.corner,
    addressee: text.addressee.map(fillLine),
    title: text.title,
    body: text.body.map(fillLine).map((l, i) => (i === 0 ? { ...l, text: capitalise(l.text) } : l)),
    ...(text.attachments && items.length > 0
      ? { attachments: { title: text.attachments, items } }
      : {}),
    date: text.date,
    signature: text.signature,
    fileName: `${template.fileName[lang]}.pdf`,
  };
}
