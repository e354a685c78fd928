import type { Db } from "../db/database.ts";

export interface PurgeResult {
  questions: number;
  verdicts: number;
  tasks: number;
  /** Messages of closed operator conversations deleted. */
  handoffMessages: number;
  /**
   * Closed operator conversations made anonymous: the parent's chat, the context and the
   * rating comment cleared.
   */
  handoffConversations: number;
}

/**
 * Deletes what analytics keeps beyond its retention: logged questions and parents' verdicts
 * older than `retentionDays`, and knowledge tasks rejected or done that long ago. Approved
 * phrasings stay (they are part of the live synonyms) and so do open tasks. Operator
 * conversations closed that long ago lose every text (the transcript, the context the parent
 * agreed to pass on, the rating comment) and whatever points at the parent (the chat id, the
 * id of the queue message in their chat), but keep the row with its channel, language, topic,
 * times, outcome and rating number, which is all the analytics page counts. A parent who
 * comes back opens a new conversation as anyone does: only open conversations are looked up
 * by chat.
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
  const closedLongAgo = db
    .selectFrom("handoff_conversation")
    .select("id")
    .where("status", "=", "closed")
    .where("closed_at", "<", cutoff);
  const handoffMessages = await db
    .deleteFrom("handoff_message")
    .where("conversation_id", "in", closedLongAgo)
    .executeTakeFirst();
  const handoffConversations = await db
    .updateTable("handoff_conversation")
    .set({ chat_id: "", queue_message_id: null, context_json: "{}", rating_comment: null })
    .where("status", "=", "closed")
    .where("closed_at", "<", cutoff)
    .where((eb) =>
      eb.or([
        eb("chat_id", "<>", ""),
        eb("queue_message_id", "is not", null),
        eb("context_json", "<>", "{}"),
        eb("rating_comment", "is not", null),
      ]),
    )
    .executeTakeFirst();
  return {
    questions: Number(questions.numDeletedRows),
    verdicts: Number(verdicts.numDeletedRows),
    tasks: Number(tasks.numDeletedRows),
    handoffMessages: Number(handoffMessages.numDeletedRows),
    handoffConversations: Number(handoffConversations.numUpdatedRows),
  };
}
