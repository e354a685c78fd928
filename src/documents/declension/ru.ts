/**
 * Russian case forms of personal names as they appear in applications: "от Сейтовой Айгуль
 * Нурлановны" (genitive), "Директору …" (dative), "прошу перевести моего сына Асқара …"
 * (accusative). Names are split into surname, first name and patronymic by their endings and the
 * official order (surname first); each part of a double-barrelled word is declined on its own.
 * Kazakh patronymics (-ұлы/-қызы), foreign names ending in -о, -е, -и, -у, -ю and women's names
 * and surnames ending in a consonant do not decline.
 */

export type RussianCase = "nominative" | "genitive" | "dative" | "accusative";
export type Gender = "male" | "female";
type Role = "surname" | "first" | "patronymic";

const indeclinableEnd = /[оеиуыюэё]$|[іүөұәһ]$|(ых|их)$/iu;
const sibilantOrVelar = /[гкхжшщч]$/iu;

const patronymicMale = /(ович|евич|ич)$/iu;
const patronymicFemale = /(овна|евна|ична|инична)$/iu;
const kazakhPatronymic = /(ұлы|улы|қызы|кызы)$/iu;
const surnameFemale = /(ова|ева|ёва|ина|ына|ская|цкая)$/iu;
/** Endings no Russian or Kazakh first name has: the word is a surname wherever it stands. */
const surnameOnly = /(ов|ев|ёв|ова|ева|ёва|ский|цкий|ская|цкая)$/iu;

/** The gender a name itself shows (patronymic first, then surname), if any. */
export function genderOfName(fullName: string): Gender | undefined {
  const words = fullName.trim().split(/\s+/);
  for (const w of words) {
    if (/(ұлы|улы)$/iu.test(w) || patronymicMale.test(w)) return "male";
    if (/(қызы|кызы)$/iu.test(w) || patronymicFemale.test(w)) return "female";
  }
  for (const w of words) {
    const last = w.split("-").at(-1) ?? w;
    if (/(ова|ева|ёва|ская|цкая)$/iu.test(last)) return "female";
    if (/(ов|ев|ёв|ский|цкий)$/iu.test(last)) return "male";
  }
  return undefined;
}

function roles(words: string[]): Role[] {
  const out: Role[] = words.map(() => "first");
  const p = words.findIndex(
    (w) => patronymicMale.test(w) || patronymicFemale.test(w) || kazakhPatronymic.test(w),
  );
  if (p >= 0) out[p] = "patronymic";
  const rest = words.map((_, i) => i).filter((i) => i !== p);
  if (rest.length >= 2) {
    // Official order puts the surname first, unless only a later word looks like a surname.
    const [first, second] = rest as [number, number];
    const secondIsSurname =
      surnameOnly.test(words[second] ?? "") && !surnameOnly.test(words[first] ?? "");
    out[secondIsSurname ? second : first] = "surname";
  }
  return out;
}

function keepCase(source: string, form: string): string {
  return source === source.toUpperCase() && source.length > 1 ? form.toUpperCase() : form;
}

/** One word (no hyphen) of a name in a case. */
function declineWord(word: string, role: Role, gender: Gender, c: RussianCase): string {
  if (c === "nominative" || kazakhPatronymic.test(word)) return word;
  const lower = word.toLowerCase();
  const stem = (n: number) => word.slice(0, word.length - n);
  const out = (s: string) => keepCase(word, s);
  if (role === "patronymic") {
    if (patronymicMale.test(lower))
      return out(word + { genitive: "а", dative: "у", accusative: "а" }[c]);
    if (patronymicFemale.test(lower))
      return out(stem(1) + { genitive: "ы", dative: "е", accusative: "у" }[c]);
    return word;
  }
  if (role === "surname") {
    if (gender === "male" && /(ов|ев|ёв|ин|ын)$/i.test(lower))
      return out(word + { genitive: "а", dative: "у", accusative: "а" }[c]);
    if (gender === "male" && /(ский|цкий)$/i.test(lower))
      return out(stem(2) + { genitive: "ого", dative: "ому", accusative: "ого" }[c]);
    if (gender === "male" && /(ской|цкой|ой)$/i.test(lower))
      return out(stem(2) + { genitive: "ого", dative: "ому", accusative: "ого" }[c]);
    if (gender === "female" && surnameFemale.test(lower)) {
      if (/(ская|цкая)$/i.test(lower))
        return out(stem(2) + { genitive: "ой", dative: "ой", accusative: "ую" }[c]);
      return out(stem(1) + { genitive: "ой", dative: "ой", accusative: "у" }[c]);
    }
  }
  if (indeclinableEnd.test(lower)) return word;
  if (lower.endsWith("ия"))
    return out(stem(1) + { genitive: "и", dative: "и", accusative: "ю" }[c]);
  if (lower.endsWith("а")) {
    const genitive = sibilantOrVelar.test(stem(1)) ? "и" : "ы";
    return out(stem(1) + { genitive, dative: "е", accusative: "у" }[c]);
  }
  if (lower.endsWith("я")) return out(stem(1) + { genitive: "и", dative: "е", accusative: "ю" }[c]);
  // Consonant endings decline only in men's names and surnames.
  if (gender === "female") {
    if (lower === "любовь") return c === "accusative" ? word : out("Любови");
    return word;
  }
  if (lower.endsWith("ий"))
    return out(stem(1) + { genitive: "я", dative: "ю", accusative: "я" }[c]);
  if (/[йь]$/.test(lower)) return out(stem(1) + { genitive: "я", dative: "ю", accusative: "я" }[c]);
  return out(word + { genitive: "а", dative: "у", accusative: "а" }[c]);
}

/** A full name in a case; `gender` comes from what the parent picked or from the name itself. */
export function declineRussianName(fullName: string, c: RussianCase, gender: Gender): string {
  const words = fullName.trim().split(/\s+/).filter(Boolean);
  const wordRoles = roles(words);
  return words
    .map((word, i) =>
      word
        .split("-")
        .map((part) => declineWord(part, wordRoles[i] ?? "first", gender, c))
        .join("-"),
    )
    .join(" ");
}

type OrdinalCase = "nominative" | "genitive" | "prepositional";

/** "3-й", "3-го", "3-м" (класс, класса, в классе): ordinals in figures with a short ending. */
export function russianOrdinal(n: number, c: OrdinalCase): string {
  return `${n}-${{ nominative: "й", genitive: "го", prepositional: "м" }[c]}`;
}
