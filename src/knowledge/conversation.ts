import { z } from "zod";
import { citationsSchema, localizedTextSchema } from "./schemas.ts";

const cues = z.array(z.coerce.string().min(1)).min(1);

/** Another body's topic: cue words, where to turn, and the sources of that. */
export const otherBodySchema = z.object({
  /** Stable snake_case id, reported on the answer. */
  id: z.string().regex(/^[a-z][a-z0-9_]*$/),
  /** The body's name, as it appears in a sentence ("органы социальной защиты"). */
  name: localizedTextSchema,
  /** Words that mark the body's topic. */
  cues,
  /**
   * The body's own documents that services also mention (ВКК) and its places (поликлиника): they
   * count for it, but decide only with a verb of getting ("не дают ВКК").
   */
  shared: z.array(z.coerce.string().min(1)).default([]),
  /** Where to turn, both languages. */
  text: localizedTextSchema,
  citations: citationsSchema,
  /** What the sources do not cover (for editors; never shown). */
  note: z.string().optional(),
});
export type OtherBody = z.infer<typeof otherBodySchema>;

/** Contract of `knowledge/conversation.yaml`: messages that are not service questions. */
export const conversationSchema = z.object({
  smallTalk: z.object({
    greeting: cues,
    thanks: cues,
    goodbye: cues,
    who: cues,
    robot: cues,
    confused: cues,
    /** Words that add nothing alone ("ок", "жақсы"); never make a message small talk by themselves. */
    fillers: cues,
  }),
  person: z.object({ phrases: cues, who: cues, verbs: cues }),
  othersData: z.object({
    others: cues,
    lists: cues,
    people: cues,
    strong: cues,
    weak: cues,
    requests: cues,
  }),
  othersDataRefusal: z.object({ text: localizedTextSchema, citations: citationsSchema }),
  /** Verbs of getting a document: with a body's shared cue, they make the question that body's. */
  obtain: cues,
  otherBodies: z.array(otherBodySchema).min(1),
});
export type Conversation = z.infer<typeof conversationSchema>;
