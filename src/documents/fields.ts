/**
 * Checks of what a parent or an operator types into a document. Each returns the cleaned value
 * or a reason; the transports turn the reason into a message in the person's language with an
 * example and ask again.
 */
import { wordLists } from "../knowledge/words.ts";
import { parseLocalDate } from "../time/local-time.ts";

export type FieldProblem =
  | "empty"
  | "too-long"
  | "not-a-name"
  | "question"
  | "one-word"
  | "grade"
  | "school"
  | "number"
  | "date"
  | "future-date";

export type FieldResult<T> = { ok: true; value: T } | { ok: false; problem: FieldProblem };

const ok = <T>(value: T): FieldResult<T> => ({ ok: true, value });
const fail = <T>(problem: FieldProblem): FieldResult<T> => ({ ok: false, problem });

const clean = (text: string) => text.normalize("NFC").trim().replace(/\s+/g, " ");

/**
 * Words of a question or a sentence that never stand in a name, in Kazakh and Russian
 * (`knowledge/words.yaml`): "а зачем вам имя ребенка" is a question to the bot, not a name.
 */
const sentenceWords = new Set([
  ...wordLists.notNameWords.kk,
  ...wordLists.notNameWords.ru,
  ...wordLists.questionParticles,
]);

/** A person's full name: letters, spaces, hyphens and apostrophes; two to five words. */
export function checkPersonName(text: string): FieldResult<string> {
  const value = clean(text);
  if (!value) return fail("empty");
  if (value.length > 80) return fail("too-long");
  if (/[?¿？]/.test(value)) return fail("question");
  if (!/^[\p{L}][\p{L}'’ -]*[\p{L}]$/u.test(value)) return fail("not-a-name");
  const words = value.split(" ");
  if (words.some((w) => sentenceWords.has(w.toLowerCase()))) return fail("question");
  if (words.length > 5) return fail("question");
  if (words.some((w) => w.replace(/[-'’]/g, "").length < 2)) return fail("not-a-name");
  if (words.length < 2) return fail("one-word");
  // Names are written with capitals; a sentence typed in lower case is not a name.
  const name = words.map((w) =>
    w
      .split("-")
      .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
      .join("-"),
  );
  return ok(name.join(" "));
}

/** School grade 0 (pre-school class) to 12. */
export function checkGrade(text: string): FieldResult<number> {
  const value = clean(text).replace(/\s*-?\s*(сынып|класс)\w*$/iu, "");
  if (!/^(0|[1-9]|1[0-2])$/.test(value)) return fail("grade");
  return ok(Number(value));
}

/** The school's name as it is written: letters, figures, №, quotes, dots, commas, hyphens. */
export function checkSchool(text: string): FieldResult<string> {
  const value = clean(text);
  if (!value) return fail("empty");
  if (value.length > 150) return fail("too-long");
  if (/[?¿？]/.test(value)) return fail("question");
  if (!/^[\p{L}\d№#«»"“”'’.,()\- ]+$/u.test(value) || !/\p{L}/u.test(value)) return fail("school");
  if (
    value.split(" ").some((w) => ["зачем", "почему", "неге", "неліктен"].includes(w.toLowerCase()))
  )
    return fail("question");
  return ok(value);
}

/** A conclusion's number: figures, letters, "/", "-", up to 30 characters. */
export function checkConclusionNumber(text: string): FieldResult<string> {
  const value = clean(text).replace(/^№\s*/, "");
  if (!value) return fail("empty");
  if (!/^[\p{L}\d/\-.]{1,30}$/u.test(value) || !/\d/.test(value)) return fail("number");
  return ok(value);
}

/**
 * A conclusion's date as people type dates (`DD.MM.YYYY`, `DD/MM/YYYY` or `YYYY-MM-DD`, read by
 * the one local-date parser), a real day from 2000 on and not after `today` (`YYYY-MM-DD`,
 * local). Returns `YYYY-MM-DD`.
 */
export function checkConclusionDate(text: string, today: string): FieldResult<string> {
  const date = parseLocalDate(clean(text));
  if (!date || date < "2000-01-01") return fail("date");
  if (date > today) return fail("future-date");
  return ok(date);
}
