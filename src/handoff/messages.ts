import { compiledQuery } from "../db/compiled-query.ts";
import type { Db } from "../db/database.ts";
import type { HandoffAuthor, HandoffChannel } from "../db/tables/handoff.ts";
import type { HandoffMessageKind } from "../db/tables/handoff-operations.ts";
import { createWriteBatch } from "../db/write-batch.ts";

export interface MessageRow {
  id: number;
  conversationId: number;
  author: HandoffAuthor;
  operatorId: number | null;
  kind: HandoffMessageKind;
  ref: string | null;
  text: string;
  createdAt: string;
  deliveredAt: string | null;
}

const columns = [
  "id",
  "conversation_id",
  "author",
  "operator_id",
  "kind",
  "ref",
  "text",
  "created_at",
  "delivered_at",
] as const;

function toMessage(row: {
  id: number | null;
  conversation_id: number;
  author: HandoffAuthor;
  operator_id: number | null;
  kind: HandoffMessageKind;
  ref: string | null;
  text: string;
  created_at: string;
  delivered_at: string | null;
}): MessageRow {
  return {
    id: Number(row.id),
    conversationId: row.conversation_id,
    author: row.author,
    operatorId: row.operator_id,
    kind: row.kind,
    ref: row.ref,
    text: row.text,
    createdAt: row.created_at,
    deliveredAt: row.delivered_at,
  };
}

/** One parent's chat on one channel: the unit of order and of the 1 message/s limit. */
export interface HandoffChat {
  channel: HandoffChannel;
  chatId: string;
}

/** A stored outgoing message and its chat, as the service hands it over right after writing it. */
export interface StoredOutgoing {
  id: number;
  conversationId: number;
  chat: HandoffChat;
}

/** Authors whose messages go to the parent's chat (through the delivery queue). */
export const outgoingAuthors: readonly HandoffAuthor[] = ["operator", "system"];

/** How many of a chat's waiting messages one read of the delivery takes. */
export const PENDING_BATCH = 20;

/**
 * A chat's messages not yet delivered, over all its conversations, oldest first, with each
 * conversation's language: what the delivery sends next, in one indexed read (built once).
 */
const pendingForChat = compiledQuery((db: Db, channel: HandoffChannel, chatId: string) =>
  db
    // Chat first (a cross join keeps SQLite to that order): the chat's few conversations, then
    // their messages, rather than every undelivered message of every chat.
    .selectFrom("handoff_conversation as c")
    .crossJoin("handoff_message as m")
    .whereRef("m.conversation_id", "=", "c.id")
    .select([
      "m.id",
      "m.conversation_id",
      "m.author",
      "m.operator_id",
      "m.kind",
      "m.ref",
      "m.text",
      "m.created_at",
      "m.delivered_at",
      "c.language",
    ])
    .where("c.channel", "=", channel)
    .where("c.chat_id", "=", chatId)
    .where("m.delivered_at", "is", null)
    .where("m.author", "in", outgoingAuthors)
    .orderBy("m.id")
    .limit(PENDING_BATCH),
);

/** One message by id (each console stream reads the message an event names). */
const messageById = compiledQuery((db: Db, id: number) =>
  db.selectFrom("handoff_message").select(columns).where("id", "=", id),
);

/** A new message, returned as stored. */
const insertMessage = compiledQuery(
  (
    db: Db,
    conversationId: number,
    author: HandoffAuthor,
    operatorId: number | null,
    kind: HandoffMessageKind,
    ref: string | null,
    text: string,
    createdAt: string,
    deliveredAt: string | null,
  ) =>
    db
      .insertInto("handoff_message")
      .values({
        conversation_id: conversationId,
        author,
        operator_id: operatorId,
        kind,
        ref,
        text,
        created_at: createdAt,
        delivered_at: deliveredAt,
      })
      .returning(columns),
);

/** Marks one message delivered unless it already was; the returned id says this call did it. */
const markOnce = compiledQuery((db: Db, id: number, at: string) =>
  db
    .updateTable("handoff_message")
    .set({ delivered_at: at })
    .where("id", "=", id)
    .where("delivered_at", "is", null)
    .returning("id"),
);

/**
 * The messages of handoff conversations. A message is a row before it is anything else: the
 * parent's reach the operators' screens from here, and the operators' wait here (no
 * `delivered_at`) until the delivery worker has put them in the chat.
 */
export function createHandoffMessages(db: Db) {
  // A burst's inserts and "delivered" marks share commits; each still returns once committed.
  const write = createWriteBatch(db);
  return {
    async add(input: {
      conversationId: number;
      author: HandoffAuthor;
      operatorId?: number | null;
      kind?: HandoffMessageKind;
      ref?: string | null;
      text: string;
      now: Date;
      /** The parent's own messages are on the record (and the operators' screens) once stored. */
      delivered?: boolean;
    }): Promise<MessageRow> {
      const at = input.now.toISOString();
      const [row] = await write((tx) =>
        insertMessage(
          tx,
          input.conversationId,
          input.author,
          input.operatorId ?? null,
          input.kind ?? "text",
          input.ref ?? null,
          input.text,
          at,
          input.delivered ? at : null,
        ),
      );
      if (!row) throw new Error("handoff message not stored");
      return toMessage(row);
    },

    async byId(id: number) {
      const [row] = await messageById(db, id);
      return row ? toMessage(row) : undefined;
    },

    async transcript(conversationId: number) {
      const rows = await db
        .selectFrom("handoff_message")
        .select(columns)
        .where("conversation_id", "=", conversationId)
        .orderBy("id")
        .execute();
      return rows.map(toMessage);
    },

    /** Outgoing messages still undelivered after `olderThan`, oldest first, with their chat. */
    async stale(olderThan: Date, limit: number) {
      const rows = await db
        .selectFrom("handoff_message as m")
        .innerJoin("handoff_conversation as c", "c.id", "m.conversation_id")
        .select(["m.id", "m.conversation_id as conversationId", "c.channel", "c.chat_id as chatId"])
        .where("m.delivered_at", "is", null)
        .where("m.author", "in", outgoingAuthors)
        .where("m.created_at", "<", olderThan.toISOString())
        .orderBy("m.id")
        .limit(limit)
        .execute();
      return rows.map((row) => ({ ...row, id: Number(row.id) }));
    },

    /** Up to `PENDING_BATCH` of a chat's undelivered messages, oldest first, with their language. */
    async pendingForChat(chat: {
      channel: HandoffChannel;
      chatId: string;
    }): Promise<(MessageRow & { language: string })[]> {
      const rows = await pendingForChat(db, chat.channel, chat.chatId);
      return rows.map((row) => ({ ...toMessage(row), language: row.language }));
    },

    /** Marks a message delivered; false when it already was (nothing is sent twice by design). */
    async markDelivered(id: number, at: Date): Promise<boolean> {
      return (await write((tx) => markOnce(tx, id, at.toISOString()))).length === 1;
    },
  };
}
export type HandoffMessages = ReturnType<typeof createHandoffMessages>;
