import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { z } from "zod";
import { analyse } from "../../src/search/analyse.ts";

export const evalQuestionSchema = z.object({
  id: z.string(),
  lang: z.enum(["kk", "ru"]),
  q: z.string().min(1),
  service: z.string().nullable(),
  facts: z.array(z.coerce.string()).default([]),
  outOfScope: z.boolean().default(false),
  repealed: z.boolean().default(false),
});
export type EvalQuestion = z.infer<typeof evalQuestionSchema>;

export function loadQuestions(path = new URL("./questions.yaml", import.meta.url)): EvalQuestion[] {
  const raw = parse(readFileSync(path, "utf8")) as { questions: unknown };
  return z.array(evalQuestionSchema).parse(raw.questions);
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
