import type { Answer } from "../answers/service.ts";
import type { Db } from "../db/database.ts";
import type { QuestionChannel, QuestionOutcome } from "../db/tables/analytics.ts";
import type { Logger } from "../logger.ts";
import { scrubPii } from "../privacy/pii.ts";
import { localDate } from "../time/local-time.ts";

/** Longer questions are cut: the analytics page groups wording, it does not keep essays. */
export const QUESTION_LOG_MAX_CHARS = 300;

export interface QuestionRecord {
  channel: QuestionChannel;
  /** The question as answered; scrubbed again here whatever the caller did. */
  question: string;
  answer: Pick<
    Answer,
    "lang" | "service" | "confidence" | "outOfScope" | "intent" | "clarify" | "topic"
  >;
  at?: Date;
}

/** Keeps each question asked, for the analytics page; nothing that identifies who asked. */
export interface QuestionLog {
  /** Never throws: a question is answered whether or not it could be logged. */
  record(entry: QuestionRecord): Promise<void>;
}

/**
 * What became of a question, or null for conversation (a greeting, thanks), which is not a
 * question and is not logged.
 */
export function outcomeOf(answer: QuestionRecord["answer"]): QuestionOutcome | null {
  switch (answer.intent) {
    case "small_talk":
      return null;
    case "person":
      return "person";
    case "other_body":
    case "others_data":
      return "refused";
    case "clarify":
      return "clarified";
    case "out_of_scope":
      return "out_of_scope";
    case "service":
    case "repealed":
      return "answered";
    default:
      if (answer.outOfScope) return "out_of_scope";
      if (answer.clarify && answer.clarify.length > 0) return "clarified";
      return "answered";
  }
}

export function createQuestionLog(options: {
  db: Db;
  logger: Logger;
  now?: () => Date;
}): QuestionLog {
  const { db, logger } = options;
  const clock = options.now ?? (() => new Date());
  return {
    async record({ channel, question, answer, at }) {
      const outcome = outcomeOf(answer);
      const text = scrubPii(question).replace(/\s+/g, " ").trim().slice(0, QUESTION_LOG_MAX_CHARS);
      if (!outcome || !text) return;
      const moment = at ?? clock();
      try {
        await db
          .insertInto("question_log")
          .values({
            created_at: moment.toISOString(),
            day: localDate(moment),
            channel,
            language: answer.lang,
            service: answer.service ?? answer.topic?.service ?? null,
            outcome,
            confidence: Math.round(answer.confidence * 1000) / 1000,
            question: text,
          })
          .execute();
      } catch (error) {
        // The text stays out of the log: only that a row was lost.
        logger.warn(
          { err: (error as Error).message, channel },
          "question not logged for analytics",
        );
      }
    },
  };
}
