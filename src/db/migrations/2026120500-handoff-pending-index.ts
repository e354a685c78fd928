import { type Kysely, sql } from "kysely";

/**
 * Undelivered operators' and bot's messages in two partial indexes holding only the few rows
 * still to send: per conversation (the delivery's read of a chat's pending messages, which
 * walked every message of its conversations) and in order (the sweep). They replace an index
 * of every message by `delivered_at`, which each insert (the parents' messages too, stored
 * delivered) and each "delivered" update had to maintain.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex("handoff_message_pending")
    .on("handoff_message")
    .columns(["conversation_id", "id"])
    .where(sql.ref("delivered_at"), "is", null)
    .execute();
  await db.schema
    .createIndex("handoff_message_stale")
    .on("handoff_message")
    .column("id")
    .where(sql.ref("delivered_at"), "is", null)
    .execute();
  await db.schema.dropIndex("handoff_message_undelivered").execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex("handoff_message_undelivered")
    .on("handoff_message")
    .columns(["delivered_at", "id"])
    .execute();
  await db.schema.dropIndex("handoff_message_stale").execute();
  await db.schema.dropIndex("handoff_message_pending").execute();
}
