import type { WorkingTime } from "../calendar/working-time.ts";
import type { TermClaim } from "../knowledge/schemas.ts";
import { addDays, fromLocal, parseLocalDate } from "../time/local-time.ts";
import { typedWords } from "./typed-words.ts";

const wordNumbers: Record<string, number> = {
  один: 1,
  два: 2,
  две: 2,
  три: 3,
  четыре: 4,
  пять: 5,
  бір: 1,
  екі: 2,
  үш: 3,
  төрт: 4,
  бес: 5,
};

/**
 * The day a parent says they applied, from "вчера", "3 дня назад", "неделю назад", "2 апта
 * бұрын", "кеше" or a date "24.11.2025", relative to today (Almaty). Null when the message
 * names no such day.
 */
export function submittedDate(text: string, today: string): string | null {
  const date = /\b(\d{1,2}[./]\d{1,2}[./]\d{4})\b/.exec(text)?.[1];
  if (date) return parseLocalDate(date);
  const words = typedWords(text);
  if (words.includes("позавчера")) return addDays(today, -2);
  if (words.includes("вчера") || words.includes("кеше")) return addDays(today, -1);
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    const ago = words.slice(i + 1, i + 3).some((w) => w === "назад" || w.startsWith("бұрын"));
    const before = words[i - 1];
    const count = before ? Number(before) || wordNumbers[before] || 1 : 1;
    if (/^(недел|апта)/.test(word) && (ago || words[i + 1] === "болды"))
      return addDays(today, -7 * count);
    if (/^(дн|ден|день|күн)/.test(word) && before && (Number(before) || wordNumbers[before]) && ago)
      return addDays(today, -count);
  }
  return null;
}

export type Overdue = { submitted: string; due: string; overdue: boolean };

/** When the answer was due for an application made on `submitted`, and whether that has passed. */
export function overdueFor(
  submitted: string,
  term: TermClaim,
  workingTime: WorkingTime,
  now: Date,
): Overdue | null {
  if (term.amount === undefined) return null;
  // The hour is unknown: counted from the start of that day's reception.
  const deadline = workingTime.computeDeadline(fromLocal(submitted, "09:00"), {
    amount: term.amount,
    unit: term.unit,
  });
  return { submitted, due: deadline.dueDate, overdue: deadline.dueAt.getTime() < now.getTime() };
}
