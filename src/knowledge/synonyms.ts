import { z } from "zod";

/** The intents a question can have: which field of a service card it asks about. */
export const intentIds = [
  "documents",
  "term",
  "fee",
  "result",
  "channels",
  "refusal",
  "hours",
  "steps",
  "contacts",
  "provider",
  "window",
  "overdue",
  "eligibility",
] as const;
export type Intent = (typeof intentIds)[number];

/** Kinds of conversation cues: a request for a person, small talk, and filler words. */
export const conversationKinds = [
  "person",
  "greeting",
  "thanks",
  "bye",
  "who",
  "robot",
  "confused",
  "filler",
] as const;
export type ConversationKind = (typeof conversationKinds)[number];

/** One set of interchangeable words (synonyms, abbreviations, translations kk↔ru). */
export const synonymGroupSchema = z.object({
  /** Stable kebab-case id, for logs and tests. */
  id: z.string().regex(/^[a-z0-9-]+$/),
  /** Words or phrases, any language or script; at least two. */
  terms: z.array(z.coerce.string().min(1)).min(2),
});

/** Out-of-scope topic: words that mark a question Qoldau should redirect. */
export const outOfScopeTopicSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  terms: z.array(z.coerce.string().min(1)).min(1),
});

/** Contract of `knowledge/synonyms.yaml`. */
export const synonymsSchema = z.object({
  groups: z.array(synonymGroupSchema),
  /** Cue words for each intent; the composer shows those card fields first. */
  intents: z.partialRecord(z.enum(intentIds), z.array(z.coerce.string().min(1))),
  outOfScope: z.array(outOfScopeTopicSchema).default([]),
  /** Intent cues matched on the words as typed, for cues that need a negation ("не ответят"). */
  typedIntents: z.partialRecord(z.enum(intentIds), z.array(z.coerce.string().min(1))).default({}),
  /** Development problems and special kindergartens: the service a family starts with. */
  firstStep: z
    .object({
      service: z.string().regex(/^[a-z][a-z0-9_]*$/),
      cues: z.array(z.coerce.string().min(1)).min(1),
    })
    .optional(),
  /** Cue words of conversation (greetings, thanks, a request for a person); see `conversation.ts`. */
  conversation: z
    .partialRecord(z.enum(conversationKinds), z.array(z.coerce.string().min(1)))
    .default({}),
});
export type Synonyms = z.infer<typeof synonymsSchema>;
