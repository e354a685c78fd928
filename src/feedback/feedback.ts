import { randomBytes } from "node:crypto";
import type { Db } from "../db/database.ts";
import type { Redis } from "../infra/redis.ts";
import { scrubPii } from "../privacy/pii.ts";

/** What is kept about an answer until the parent presses helpful / not helpful. */
export interface AnsweredQuestion {
  question: string;
  lang: string;
  service: string | null;
  confidence: number;
}

export interface FeedbackEntry extends AnsweredQuestion {
  id: number;
  helpful: boolean;
  createdAt: string;
  reviewedAt: string | null;
}

export interface FeedbackStore {
  /** Keeps the (scrubbed) question for a while; returns the reference the buttons carry. */
  remember(answered: AnsweredQuestion): Promise<string>;
  /** Stores the verdict; `expired` when the reference is unknown or too old. */
  record(ref: string, helpful: boolean, at?: Date): Promise<"saved" | "expired">;
  /**
   * Latest verdicts for operators, "not helpful" first; `onlyUnreviewed` filters in the query,
   * so reviewed verdicts never crowd older unreviewed ones out of the `limit`.
   */
  list(options?: {
    limit?: number;
    onlyUnhelpful?: boolean;
    onlyUnreviewed?: boolean;
  }): Promise<FeedbackEntry[]>;
  markReviewed(id: number, at?: Date): Promise<void>;
}

/** Buttons under answers work for this long; then they say they expired. */
export const FEEDBACK_WINDOW_SECONDS = 7 * 24 * 3600;

/**
 * Feedback on answers. The pending answer waits in Redis (with a TTL, no personal data: the
 * question is scrubbed before it is kept); the verdict goes to SQLite for operators.
 */
export function createFeedbackStore(
  db: Db,
  redis: Redis,
  prefix = "qoldau:answer:",
): FeedbackStore {
  return {
    async remember(answered) {
      const ref = randomBytes(6).toString("base64url");
      const value = { ...answered, question: scrubPii(answered.question).slice(0, 500) };
      await redis.set(`${prefix}${ref}`, JSON.stringify(value), "EX", FEEDBACK_WINDOW_SECONDS);
      return ref;
    },
    async record(ref, helpful, at = new Date()) {
      const raw = await redis.get(`${prefix}${ref}`);
      if (!raw) return "expired";
      const answered = JSON.parse(raw) as AnsweredQuestion;
      await db
        .insertInto("answer_feedback")
        .values({
          answer_ref: ref,
          question: scrubPii(answered.question),
          lang: answered.lang,
          service: answered.service,
          confidence: answered.confidence,
          helpful: helpful ? 1 : 0,
          created_at: at.toISOString(),
          reviewed_at: null,
        })
        .onConflict((oc) => oc.column("answer_ref").doUpdateSet({ helpful: helpful ? 1 : 0 }))
        .execute();
      return "saved";
    },
    async list({ limit = 100, onlyUnhelpful = false, onlyUnreviewed = false } = {}) {
      let query = db.selectFrom("answer_feedback").selectAll();
      if (onlyUnhelpful) query = query.where("helpful", "=", 0);
      if (onlyUnreviewed) query = query.where("reviewed_at", "is", null);
      const rows = await query
        .orderBy("helpful", "asc")
        .orderBy("created_at", "desc")
        .limit(limit)
        .execute();
      return rows.map((row) => ({
        id: row.id ?? 0,
        question: row.question,
        lang: row.lang,
        service: row.service,
        confidence: row.confidence,
        helpful: row.helpful === 1,
        createdAt: row.created_at,
        reviewedAt: row.reviewed_at,
      }));
    },
    async markReviewed(id, at = new Date()) {
      await db
        .updateTable("answer_feedback")
        .set({ reviewed_at: at.toISOString() })
        .where("id", "=", id)
        .execute();
    },
  };
}
