/**
 * Kazakh case endings for personal names as a parent types them ("Сейітова Айгүл Нұрланқызы").
 * In a Kazakh noun phrase only the last word takes the case ending, so a full name is declined
 * by its last word; a double-barrelled last word ("Ахметова-Сейітова") takes the ending once,
 * after its last part, with the harmony of that part.
 */

/** The cases the documents need. */
export type KazakhCase = "nominative" | "genitive" | "dative" | "accusative" | "ablative";

const backVowels = new Set([..."аоұыяё"]);
const frontVowels = new Set([..."әөүіеэию"]);
/** Ends that count as vowels or glides for the choice of the ending's first consonant. */
const vowelEnds = new Set([..."аәоөұүыіеэияюё"]);
/** Voiced consonants that keep д/ғ endings. */
const sonorants = new Set([..."лрйузж"]);
const nasals = new Set([..."мнң"]);

/** Back (hard) or front (soft) by the last vowel; у is skipped as it is also a glide. */
function isFront(word: string): boolean {
  for (let i = word.length - 1; i >= 0; i--) {
    const ch = word[i]?.toLowerCase() ?? "";
    if (frontVowels.has(ch)) return true;
    if (backVowels.has(ch)) return false;
  }
  return false;
}

/**
 * Third-person possessive words take a pronominal н before the ending: the patronymics -ұлы and
 * -қызы (Нұрланқызы → Нұрланқызын, Нұрланқызының, Нұрланқызына).
 */
function isPossessive(word: string): boolean {
  return /(ұлы|қызы|улы|кызы)$/iu.test(word);
}

type EndKind = "vowel" | "sonorant" | "nasal" | "voiceless";

function endKind(word: string): EndKind {
  const last = word.at(-1)?.toLowerCase() ?? "";
  // и and у end in a glide ([ій], [ұу]) and behave like й.
  if (last === "и" || last === "у") return "sonorant";
  if (vowelEnds.has(last)) return "vowel";
  if (sonorants.has(last)) return "sonorant";
  if (nasals.has(last)) return "nasal";
  return "voiceless";
}

/** The ending for one case after this word (without the word). */
export function kazakhEnding(word: string, grammaticalCase: KazakhCase): string {
  if (grammaticalCase === "nominative") return "";
  const front = isFront(word);
  const pick = (back: string, soft: string) => (front ? soft : back);
  if (isPossessive(word)) {
    switch (grammaticalCase) {
      case "genitive":
        return pick("ның", "нің");
      case "dative":
        return pick("на", "не");
      case "accusative":
        return "н";
      case "ablative":
        return pick("нан", "нен");
    }
  }
  const end = endKind(word);
  switch (grammaticalCase) {
    case "genitive":
      if (end === "vowel" || end === "nasal") return pick("ның", "нің");
      if (end === "sonorant") return pick("дың", "дің");
      return pick("тың", "тің");
    case "accusative":
      if (end === "vowel") return pick("ны", "ні");
      if (end === "sonorant" || end === "nasal") return pick("ды", "ді");
      return pick("ты", "ті");
    case "dative":
      if (end === "voiceless") return pick("қа", "ке");
      return pick("ға", "ге");
    case "ablative":
      if (end === "nasal") return pick("нан", "нен");
      if (end === "voiceless") return pick("тан", "тен");
      return pick("дан", "ден");
  }
}

/** A full name in a case: the ending goes on the last word only. */
export function declineKazakhName(fullName: string, grammaticalCase: KazakhCase): string {
  const name = fullName.trim().replace(/\s+/g, " ");
  if (!name) return name;
  const lastPart = name.split(/[\s-]/).at(-1) ?? name;
  return name + kazakhEnding(lastPart, grammaticalCase);
}

/** "3-" as in "3-сынып": ordinal numbers written in figures take a hyphen. */
export function kazakhOrdinal(n: number): string {
  return `${n}-`;
}

const monthsLocative = [
  "қаңтардағы",
  "ақпандағы",
  "наурыздағы",
  "сәуірдегі",
  "мамырдағы",
  "маусымдағы",
  "шілдедегі",
  "тамыздағы",
  "қыркүйектегі",
  "қазандағы",
  "қарашадағы",
  "желтоқсандағы",
];

/** "2025 жылғы 12 қыркүйектегі": the attributive date used before a document's number. */
export function kazakhAttributiveDate(isoDate: string): string {
  const [year, month, day] = isoDate.split("-").map(Number);
  return `${year} жылғы ${day} ${monthsLocative[(month ?? 1) - 1]}`;
}
