import type { Db } from "../db/database.ts";
import type { HandoffAuthor, HandoffChannel } from "../db/tables/handoff.ts";
import type { HandoffMessageKind } from "../db/tables/handoff-operations.ts";

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

/** Authors whose messages go to the parent's chat (through the delivery queue). */
export const outgoingAuthors: readonly HandoffAuthor[] = ["operator", "system"];

/**
 * The messages of handoff conversations. A message is a row before it is anything else: the
 * parent's reach the operators' screens from here, and the operators' wait here (no
 * `delivered_at`) until the delivery worker has put them in the chat.
 */
export function createHandoffMessages(db: Db) {
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
      const row = await db
        .insertInto("handoff_message")
        .values({
          conversation_id: input.conversationId,
          author: input.author,
          operator_id: input.operatorId ?? null,
          kind: input.kind ?? "text",
          ref: input.ref ?? null,
          text: input.text,
          created_at: input.now.toISOString(),
          delivered_at: input.delivered ? input.now.toISOString() : null,
        })
        .returning(columns)
        .executeTakeFirstOrThrow();
      return toMessage(row);
    },

    async byId(id: number) {
      const row = await db
        .selectFrom("handoff_message")
        .select(columns)
        .where("id", "=", id)
        .executeTakeFirst();
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

    /**
     * Messages not yet in their chat, oldest first: of one conversation up to `upTo`, of every
     * conversation of one chat, or all.
     */
    async undelivered(filter: {
      conversationId?: number;
      chat?: { channel: HandoffChannel; chatId: string };
      upTo?: number;
      olderThan?: Date;
      limit?: number;
    }) {
      let query = db
        .selectFrom("handoff_message")
        .select(columns)
        .where("delivered_at", "is", null)
        .where("author", "in", outgoingAuthors);
      if (filter.conversationId !== undefined)
        query = query.where("conversation_id", "=", filter.conversationId);
      const { chat } = filter;
      if (chat)
        query = query.where("conversation_id", "in", (sub) =>
          sub
            .selectFrom("handoff_conversation")
            .select("id")
            .where("channel", "=", chat.channel)
            .where("chat_id", "=", chat.chatId),
        );
      if (filter.upTo !== undefined) query = query.where("id", "<=", filter.upTo);
      if (filter.olderThan) query = query.where("created_at", "<", filter.olderThan.toISOString());
      const rows = await query
        .orderBy("id")
        .limit(filter.limit ?? 1000)
        .execute();
      return rows.map(toMessage);
    },

    /** Marks a message delivered; false when it already was (nothing is sent twice by design). */
    async markDelivered(id: number, at: Date): Promise<boolean> {
      const result = await db
        .updateTable("handoff_message")
        .set({ delivered_at: at.toISOString() })
        .where("id", "=", id)
        .where("delivered_at", "is", null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
  };
}
export type HandoffMessages = ReturnType<typeof createHandoffMessages>;
