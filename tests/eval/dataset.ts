import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { z } from "zod";
import type { AnswerIntent } from "../../src/answers/service.ts";
import { analyse } from "../../src/search/analyse.ts";

/** What a question measures; the first group is answered as a service, the rest are not. */
export const serviceCategories = [
  "service",
  "term",
  "documents",
  "place",
  "fee",
  "apply",
  "eligibility",
  "other_facts",
  "follow_up",
] as const;
export const handlingCategories = [
  "out_of_scope",
  "repealed",
  "others_data",
  "other_body",
  "small_talk",
  "person",
] as const;
export const categories = [...serviceCategories, ...handlingCategories] as const;
export type Category = (typeof categories)[number];

export const evalQuestionSchema = z
  .object({
    id: z.string(),
    lang: z.enum(["kk", "ru"]),
    category: z.enum(categories),
    /** One question, or `turns`: a conversation scored on its last turn. */
    q: z.string().min(1).optional(),
    turns: z.array(z.string().min(1)).min(2).optional(),
    service: z.string().nullable(),
    facts: z.array(z.coerce.string()).default([]),
    /**
     * Whose answer is scored: the operator's (citations and caveats on every fact) or the
     * parent's (settled facts, the practical guide where a fact is unsettled).
     */
    view: z.enum(["operator", "parent"]).default("operator"),
  })
  .refine((v) => (v.q === undefined) !== (v.turns === undefined), "exactly one of q and turns")
  .refine(
    (v) => (serviceCategories as readonly string[]).includes(v.category) === (v.service !== null),
    "service categories name a service; the others have service: null",
  )
  .transform((v) => {
    const turns = v.turns ?? [v.q as string];
    return { ...v, turns, q: turns[turns.length - 1] as string };
  });
export type EvalQuestion = z.infer<typeof evalQuestionSchema>;

/** The intent the answer service must report for a question of this category. */
export function expectedIntent(category: Category): AnswerIntent {
  if ((serviceCategories as readonly string[]).includes(category)) return "service";
  return category as AnswerIntent;
}

export function loadQuestions(path = new URL("./questions.yaml", import.meta.url)): EvalQuestion[] {
  const raw = parse(readFileSync(path, "utf8")) as { questions: unknown };
  const questions = z.array(evalQuestionSchema).parse(raw.questions);
  const ids = new Set<string>();
  for (const q of questions) {
    if (ids.has(q.id)) throw new Error(`Duplicate eval question id ${q.id}`);
    ids.add(q.id);
  }
  return questions;
}

/**
 * Whether the answer states a fact: one of its "a | b" wordings has every word in the answer,
 * compared by stem or by prefix key, so "2 рабочих дня" matches "2 рабочих дней".
 */
export function hasFact(answer: string, fact: string): boolean {
  const tokens = analyse(answer);
  const keys = new Set<string>();
  for (const token of tokens) {
    keys.add(token.stem);
    if (token.prefix) keys.add(token.prefix);
  }
  return fact.split("|").some((alternative) => {
    const words = analyse(alternative);
    return (
      words.length > 0 &&
      words.every((w) => keys.has(w.stem) || (w.prefix !== null && keys.has(w.prefix)))
    );
  });
}
