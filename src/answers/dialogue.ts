import { z } from "zod";
import type { Intent } from "../search/synonyms.ts";

/**
 * What a parent asked about a service, in product words: how long, which documents, where, how
 * much, how to apply, who may get it, what if refused, what if nobody answers, what they get,
 * when the office works.
 */
export const aspects = [
  "overdue",
  "term",
  "fee",
  "refusal",
  "eligibility",
  "result",
  "hours",
  "documents",
  "place",
  "apply",
] as const;
export type Aspect = (typeof aspects)[number];
export const aspectSchema = z.enum(aspects);

/**
 * The topic of a conversation: the service last talked about and the last aspect asked. It is
 * all a transport keeps between messages (ids only, never the parent's words), so that "а
 * сколько ждать?" after a home-schooling answer is about home schooling.
 */
export const dialogueTopicSchema = z.object({
  service: z.string().regex(/^[a-z][a-z0-9_]*$/),
  aspect: aspectSchema.optional(),
  /**
   * The guided walk that led to the service: the flow's id and the step ids the parent's
   * answers took (the buttons' meaning, never typed text), so a follow-up after a flow result is
   * about that service and the console can see how the parent got there.
   */
  flow: z
    .object({
      id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,15}$/),
      path: z.array(z.string().regex(/^[a-z0-9][a-z0-9-]{0,15}$/)).max(20),
    })
    .optional(),
});
export type DialogueTopic = z.infer<typeof dialogueTopicSchema>;

const aspectOfIntent: Partial<Record<Intent, Aspect>> = {
  overdue: "overdue",
  term: "term",
  window: "term",
  fee: "fee",
  refusal: "refusal",
  eligibility: "eligibility",
  result: "result",
  hours: "hours",
  documents: "documents",
  channels: "place",
  provider: "place",
  steps: "apply",
};

const intentsOfAspect: Record<Aspect, Intent[]> = {
  overdue: ["overdue"],
  term: ["term"],
  fee: ["fee"],
  refusal: ["refusal"],
  eligibility: ["eligibility"],
  result: ["result"],
  hours: ["hours"],
  documents: ["documents"],
  place: ["channels"],
  apply: ["steps"],
};

/** The aspect a question leads with: the narrowest one it asks ("how long" before "documents"). */
export function aspectOf(intents: readonly Intent[]): Aspect | undefined {
  const asked = intents.flatMap((intent) => aspectOfIntent[intent] ?? []);
  return aspects.find((aspect) => asked.includes(aspect));
}

/** The card fields to answer an aspect with. */
export function intentsOf(aspect: Aspect): Intent[] {
  return intentsOfAspect[aspect];
}
