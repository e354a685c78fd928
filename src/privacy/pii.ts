/**
 * Personal data a parent may type into a chat by mistake. The bot answers such a message
 * without storing or logging the data; feedback keeps only the scrubbed text; log rules can
 * use {@link scrubPii} on any free text before it is written.
 */
export type PiiKind = "iin" | "phone" | "name-diagnosis";

export interface PiiFinding {
  kinds: PiiKind[];
  /** The text with every finding replaced by a placeholder. */
  scrubbed: string;
}

/** ИИН/ЖСН (and БИН): exactly 12 digits, not part of a longer number. */
const iinPattern = /(?<!\d)\d{12}(?!\d)/g;
/**
 * Kazakhstan numbers: +7 / 8 / 7 then 10 digits, with spaces, dashes or brackets between.
 * Toll-free 8-800 numbers (the contact centre's) belong to organisations, not people.
 */
const phonePattern =
  /(?<![\d+])(?:\+\s?7|8|7)(?![\s\-()]*800)[\s\-()]*\d{3}[\s\-()]*\d{3}[\s-]*\d{2}[\s-]*\d{2}(?!\d)/g;

/** Capitalised Cyrillic word; names run two or three in a row. */
const word = "[А-ЯЁӘҒҚҢӨҰҮҺІ][а-яёәғқңөұүһі]+";
/** Surname or patronymic endings of Kazakh and Russian names. */
const nameEnding =
  "(?:ов|ова|ев|ева|ин|ина|ын|ына|ский|ская|ович|овна|евич|евна|ич|улы|ұлы|кызы|қызы|бек|бай|бекова|баева)";
const fullNamePattern = new RegExp(
  `(?<![\\p{L}])(?:${word}${nameEnding}\\s+${word}(?:\\s+${word})?|${word}\\s+${word}${nameEnding}(?:\\s+${word})?)(?![\\p{L}])`,
  "gu",
);
/** Diagnoses and diagnosis words in Russian and Kazakh, and ICD-10 codes. */
const diagnosisPattern =
  /(диагноз|ДЦП|аутизм|РАС|ЗПР|ЗПРР|ОНР|синдром|эпилепс|олигофрен|умственн\p{L}* отсталост|задержк\p{L}* (психическ|речев)|церебральн|шизофрен|слепот|глухот|тугоухост|ақыл-ой кемістігі|церебралды|сал ауруы|(?<![\p{L}])[FG]\d{2}(\.\d)?(?![\p{L}\d]))/iu;

/** Finds personal data in `text` and returns what kinds it found with the scrubbed text. */
export function detectPii(text: string): PiiFinding {
  const kinds: PiiKind[] = [];
  let scrubbed = text;
  if (iinPattern.test(scrubbed)) {
    kinds.push("iin");
    scrubbed = scrubbed.replace(iinPattern, "[ЖСН]");
  }
  iinPattern.lastIndex = 0;
  if (phonePattern.test(scrubbed)) {
    kinds.push("phone");
    scrubbed = scrubbed.replace(phonePattern, "[телефон]");
  }
  phonePattern.lastIndex = 0;
  if (diagnosisPattern.test(scrubbed) && fullNamePattern.test(scrubbed)) {
    kinds.push("name-diagnosis");
    scrubbed = scrubbed.replace(fullNamePattern, "[аты-жөні]");
  }
  fullNamePattern.lastIndex = 0;
  return { kinds, scrubbed };
}

export function containsPii(text: string): boolean {
  return detectPii(text).kinds.length > 0;
}

/** `text` with ИИН, phone numbers and names next to a diagnosis replaced by placeholders. */
export function scrubPii(text: string): string {
  return detectPii(text).scrubbed;
}

const placeholder = /\[(ЖСН|телефон|аты-жөні)\]/;

/**
 * The scrubbed text without the clauses that carried personal data ("ИИН ребёнка [ЖСН], какие
 * документы?" → "какие документы?"), so that a question is answered for what it asks.
 */
export function withoutPiiClauses(scrubbed: string): string {
  return scrubbed
    .split(/(?<=[,.;:!?\n])/)
    .filter((clause) => !placeholder.test(clause))
    .join("")
    .trim();
}
