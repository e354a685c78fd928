import type { Kysely } from "kysely";

/**
 * A chat's conversations, open or closed: what the handoff delivery reads for every message it
 * sends (a closed conversation's last notice included). The open-chat index is partial, so it
 * served only queries about open conversations, and this one scanned the whole table.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex("handoff_conversation_chat")
    .on("handoff_conversation")
    .columns(["channel", "chat_id"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex("handoff_conversation_chat").execute();
}
