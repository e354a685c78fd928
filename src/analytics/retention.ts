import type { Db } from "../db/database.ts";

export interface PurgeResult {
  questions: number;
  verdicts: number;
  tasks: number;
}

/**
 * Deletes what analytics keeps beyond its retention: logged questions and parents' verdicts
 * older than `retentionDays`, and knowledge tasks rejected or done that long ago. Approved
 * phrasings stay (they are part of the live synonyms) and so do open tasks.
 */
export async function purgeAnalytics(
  db: Db,
  options: { retentionDays: number; now?: Date },
): Promise<PurgeResult> {
  const now = options.now ?? new Date();
  const cutoff = new Date(now.getTime() - options.retentionDays * 86_400_000).toISOString();
  const questions = await db
    .deleteFrom("question_log")
    .where("created_at", "<", cutoff)
    .executeTakeFirst();
  const verdicts = await db
    .deleteFrom("answer_feedback")
    .where("created_at", "<", cutoff)
    .executeTakeFirst();
  const tasks = await db
    .deleteFrom("knowledge_task")
    .where("status", "in", ["rejected", "done"])
    .where("decided_at", "<", cutoff)
    .executeTakeFirst();
  return {
    questions: Number(questions.numDeletedRows),
    verdicts: Number(verdicts.numDeletedRows),
    tasks: Number(tasks.numDeletedRows),
  };
}
