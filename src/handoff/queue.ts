import { sql } from "kysely";
import { compiledQuery } from "../db/compiled-query.ts";
import type { Db } from "../db/database.ts";
import type { HandoffChannel, HandoffTables } from "../db/tables/handoff.ts";

/** The outcome an operator tags a closed conversation with. */
export const outcomes = [
  "answered",
  "provider",
  "other_body",
  "not_our_service",
  "abusive",
] as const;
export type Outcome = (typeof outcomes)[number];
export const isOutcome = (value: unknown): value is Outcome =>
  (outcomes as readonly unknown[]).includes(value);

export interface ConversationRow {
  id: number;
  channel: HandoffChannel;
  chatId: string;
  language: string;
  topic: string | null;
  status: "waiting" | "active" | "closed";
  contextJson: string;
  createdAt: string;
  takenAt: string | null;
  closedAt: string | null;
  operatorId: number | null;
  outcome: string | null;
  rating: number | null;
  ratingComment: string | null;
  queueMessageId: number | null;
  queuePositionShown: number | null;
  expectedAt: string | null;
}

const columns = [
  "id",
  "channel",
  "chat_id",
  "language",
  "topic",
  "status",
  "context_json",
  "created_at",
  "taken_at",
  "closed_at",
  "operator_id",
  "outcome",
  "rating",
  "rating_comment",
  "queue_message_id",
  "queue_position_shown",
  "expected_at",
] as const;

type Row = HandoffTables["handoff_conversation"];

function toConversation(row: Row): ConversationRow {
  return {
    id: Number(row.id),
    channel: row.channel,
    chatId: row.chat_id,
    language: row.language,
    topic: row.topic,
    status: row.status,
    contextJson: row.context_json,
    createdAt: row.created_at,
    takenAt: row.taken_at,
    closedAt: row.closed_at,
    operatorId: row.operator_id,
    outcome: row.outcome,
    rating: row.rating,
    ratingComment: row.rating_comment,
    queueMessageId: row.queue_message_id,
    queuePositionShown: row.queue_position_shown,
    expectedAt: row.expected_at,
  };
}

/** One conversation by id: read for every message either way (built once). */
const conversationById = compiledQuery((db: Db, id: number) =>
  db.selectFrom("handoff_conversation").select(columns).where("id", "=", id),
);

/**
 * The queue of conversations in SQLite: who waits, who holds what. Every change of hands is one
 * conditional UPDATE whose WHERE names the state it expects, so two operators clicking at once
 * cannot both win: the second finds no row to change.
 */
export function createHandoffQueue(db: Db) {
  const byId = async (id: number) => {
    const [row] = await conversationById(db, id);
    return row ? toConversation(row) : undefined;
  };

  return {
    byId,

    /** The chat's conversation that is not closed, if any. */
    async openFor(channel: HandoffChannel, chatId: string) {
      const row = await db
        .selectFrom("handoff_conversation")
        .select(columns)
        .where("channel", "=", channel)
        .where("chat_id", "=", chatId)
        .where("status", "<>", "closed")
        .executeTakeFirst();
      return row ? toConversation(row) : undefined;
    },

    /**
     * Opens a conversation, or returns the chat's open one (`joined`): the unique index on
     * open conversations per chat settles a race between two requests of the same chat.
     */
    async open(input: {
      channel: HandoffChannel;
      chatId: string;
      language: string;
      topic: string | null;
      contextJson: string;
      expectedAt: string | null;
      now: Date;
    }): Promise<{ conversation: ConversationRow; joined: boolean }> {
      const existing = await this.openFor(input.channel, input.chatId);
      if (existing) return { conversation: existing, joined: true };
      try {
        const inserted = await db
          .insertInto("handoff_conversation")
          .values({
            channel: input.channel,
            chat_id: input.chatId,
            language: input.language,
            topic: input.topic,
            status: "waiting",
            context_json: input.contextJson,
            created_at: input.now.toISOString(),
            expected_at: input.expectedAt,
          })
          .returning(columns)
          .executeTakeFirstOrThrow();
        return { conversation: toConversation(inserted), joined: false };
      } catch (error) {
        const raced = await this.openFor(input.channel, input.chatId);
        if (raced) return { conversation: raced, joined: true };
        throw error;
      }
    },

    /** 1 for the first in line; undefined when the conversation no longer waits. */
    async position(id: number): Promise<number | undefined> {
      const row = await db
        .selectFrom("handoff_conversation")
        .select((eb) => eb.fn.countAll<number>().as("ahead"))
        .where("status", "=", "waiting")
        .where("id", "<=", id)
        .executeTakeFirstOrThrow();
      const own = await db
        .selectFrom("handoff_conversation")
        .select("status")
        .where("id", "=", id)
        .executeTakeFirst();
      return own?.status === "waiting" ? Number(row.ahead) : undefined;
    },

    /** Waiting conversations, first in line first. */
    async waiting(limit = 500) {
      const rows = await db
        .selectFrom("handoff_conversation")
        .select(columns)
        .where("status", "=", "waiting")
        .orderBy("id")
        .limit(limit)
        .execute();
      return rows.map(toConversation);
    },

    /** Conversations an operator holds now. */
    async heldBy(operatorId: number) {
      const rows = await db
        .selectFrom("handoff_conversation")
        .select(columns)
        .where("status", "=", "active")
        .where("operator_id", "=", operatorId)
        .orderBy("id")
        .execute();
      return rows.map(toConversation);
    },

    /** Every active conversation (supervision). */
    async active() {
      const rows = await db
        .selectFrom("handoff_conversation")
        .select(columns)
        .where("status", "=", "active")
        .orderBy("id")
        .execute();
      return rows.map(toConversation);
    },

    /** Takes one waiting conversation; false when it was no longer waiting (someone else won). */
    async take(id: number, operatorId: number, now: Date): Promise<boolean> {
      const result = await db
        .updateTable("handoff_conversation")
        .set({ status: "active", operator_id: operatorId, taken_at: now.toISOString() })
        .where("id", "=", id)
        .where("status", "=", "waiting")
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    /**
     * Takes the first in line: the subquery and the state check are one statement, and a lost
     * race (another operator took that one in between) tries the next.
     */
    async takeNext(operatorId: number, now: Date): Promise<number | undefined> {
      for (let attempt = 0; attempt < 5; attempt++) {
        const first = await db
          .selectFrom("handoff_conversation")
          .select("id")
          .where("status", "=", "waiting")
          .orderBy("id")
          .executeTakeFirst();
        if (!first?.id) return undefined;
        if (await this.take(first.id, operatorId, now)) return first.id;
      }
      return undefined;
    },

    /** Hands an active conversation to another operator; false when `from` no longer holds it. */
    async transfer(id: number, from: number | null, to: number, now: Date): Promise<boolean> {
      let query = db
        .updateTable("handoff_conversation")
        .set({ operator_id: to })
        .where("id", "=", id)
        .where("status", "=", "active");
      if (from !== null) query = query.where("operator_id", "=", from);
      const result = await query.executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) return false;
      await db
        .insertInto("handoff_transfer")
        .values({
          conversation_id: id,
          from_operator_id: from,
          to_operator_id: to,
          at: now.toISOString(),
        })
        .execute();
      return true;
    },

    /**
     * Closes a conversation. `by` an operator: only the one who holds it (or anyone, for an
     * administrator: `operatorId` null). `by` the parent: whatever state it was in.
     */
    async close(
      id: number,
      by: { operatorId: number | null; outcome: Outcome } | { parent: true },
      now: Date,
    ): Promise<boolean> {
      let query = db
        .updateTable("handoff_conversation")
        .set({
          status: "closed",
          closed_at: now.toISOString(),
          ...("outcome" in by ? { outcome: by.outcome } : {}),
        })
        .where("id", "=", id)
        .where("status", "<>", "closed");
      if ("outcome" in by) {
        query = query.where("status", "=", "active");
        if (by.operatorId !== null) query = query.where("operator_id", "=", by.operatorId);
      }
      const result = await query.executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    /** The parent's rating of a closed conversation, once. */
    async rate(id: number, chatId: string, rating: number): Promise<boolean> {
      const result = await db
        .updateTable("handoff_conversation")
        .set({ rating })
        .where("id", "=", id)
        .where("chat_id", "=", chatId)
        .where("status", "=", "closed")
        .where("rating", "is", null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async comment(id: number, chatId: string, comment: string): Promise<boolean> {
      const result = await db
        .updateTable("handoff_conversation")
        .set({ rating_comment: comment })
        .where("id", "=", id)
        .where("chat_id", "=", chatId)
        .where("rating", "is not", null)
        .where("rating_comment", "is", null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async setQueueMessage(id: number, messageId: number, position: number) {
      await db
        .updateTable("handoff_conversation")
        .set({ queue_message_id: messageId, queue_position_shown: position })
        .where("id", "=", id)
        .execute();
    },

    /** Queue length, waits, outcomes since a moment (supervision). */
    async figures(since: Date) {
      const byStatus = await db
        .selectFrom("handoff_conversation")
        .select(["status", (eb) => eb.fn.countAll<number>().as("count")])
        .where((eb) =>
          eb.or([eb("status", "<>", "closed"), eb("closed_at", ">=", since.toISOString())]),
        )
        .groupBy("status")
        .execute();
      const byOutcome = await db
        .selectFrom("handoff_conversation")
        .select([
          sql<string>`coalesce(outcome, 'parent_ended')`.as("outcome"),
          (eb) => eb.fn.countAll<number>().as("count"),
        ])
        .where("status", "=", "closed")
        .where("closed_at", ">=", since.toISOString())
        .groupBy(sql`coalesce(outcome, 'parent_ended')`)
        .execute();
      const taken = await db
        .selectFrom("handoff_conversation")
        .select(["created_at", "taken_at"])
        .where("taken_at", ">=", since.toISOString())
        .execute();
      return {
        byStatus: Object.fromEntries(byStatus.map((r) => [r.status, Number(r.count)])),
        byOutcome: Object.fromEntries(byOutcome.map((r) => [r.outcome, Number(r.count)])),
        waitsMs: taken.flatMap((r) =>
          r.taken_at ? [Date.parse(r.taken_at) - Date.parse(r.created_at)] : [],
        ),
      };
    },
  };
}
export type HandoffQueue = ReturnType<typeof createHandoffQueue>;
