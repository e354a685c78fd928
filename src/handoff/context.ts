import { z } from "zod";
import { scrubPii } from "../privacy/pii.ts";

const turnSchema = z.object({
  question: z.string().max(1000),
  answer: z.string().max(2000),
});

/**
 * What the parent agreed to pass to the operator: the language, the service the bot was
 * talking about, the answers typed in a guided flow and the last questions with the bot's
 * answers. Only what the parent typed or the bot said; never a phone number or a Telegram name.
 */
export const handoffContextSchema = z.object({
  /** False when the parent declined: the operator sees the language and the question only. */
  consented: z.boolean(),
  language: z.enum(["kk", "ru"]),
  topic: z.string().max(100).optional(),
  flow: z
    .object({ flowId: z.string().max(100), answers: z.record(z.string(), z.string().max(500)) })
    .optional(),
  turns: z.array(turnSchema).max(5).default([]),
});
export type HandoffContext = z.infer<typeof handoffContextSchema>;
export type HandoffTurn = z.infer<typeof turnSchema>;

/**
 * The context as it may be stored: validated, and every text the parent typed scrubbed of
 * personal data by the same redactor the bot uses. Without consent only the language stays.
 */
export function storableContext(input: HandoffContext): HandoffContext {
  const context = handoffContextSchema.parse(input);
  if (!context.consented) return { consented: false, language: context.language, turns: [] };
  return {
    ...context,
    ...(context.flow
      ? {
          flow: {
            flowId: context.flow.flowId,
            answers: Object.fromEntries(
              Object.entries(context.flow.answers).map(([step, text]) => [step, scrubPii(text)]),
            ),
          },
        }
      : {}),
    turns: context.turns.map((turn) => ({
      question: scrubPii(turn.question),
      answer: turn.answer,
    })),
  };
}

/** The stored context of a conversation (an unreadable one shows as nothing passed on). */
export function readContext(json: string, language: string): HandoffContext {
  const parsed = handoffContextSchema.safeParse(JSON.parse(json || "{}"));
  if (parsed.success) return parsed.data;
  return { consented: false, language: language === "ru" ? "ru" : "kk", turns: [] };
}
