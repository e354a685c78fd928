import { type Kysely, sql } from "kysely";

/**
 * What the handoff needs beyond its two tables: what kind of message a row is (a card, a
 * closing note asking for a rating...), where the parent's "you are in the queue" message is
 * (so its position is edited in place), when an answer was promised, operators' presence and
 * the record of transfers.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable("handoff_message")
    .addColumn("kind", "text", (col) =>
      col
        .notNull()
        .defaultTo("text")
        .check(sql`kind in ('text', 'card', 'section', 'form', 'notice', 'closed')`),
    )
    .execute();
  await db.schema.alterTable("handoff_message").addColumn("ref", "text").execute();
  await db.schema
    .createIndex("handoff_message_undelivered")
    .on("handoff_message")
    .columns(["delivered_at", "id"])
    .execute();
  await db.schema
    .alterTable("handoff_conversation")
    .addColumn("queue_message_id", "integer")
    .execute();
  await db.schema
    .alterTable("handoff_conversation")
    .addColumn("queue_position_shown", "integer")
    .execute();
  await db.schema.alterTable("handoff_conversation").addColumn("expected_at", "text").execute();

  await db.schema
    .createTable("handoff_presence")
    .addColumn("user_id", "integer", (col) =>
      col.primaryKey().references("users.id").onDelete("cascade"),
    )
    .addColumn("status", "text", (col) => col.notNull().check(sql`status in ('online', 'away')`))
    .addColumn("updated_at", "text", (col) => col.notNull())
    .execute();

  await db.schema
    .createTable("handoff_transfer")
    .addColumn("id", "integer", (col) => col.primaryKey().autoIncrement())
    .addColumn("conversation_id", "integer", (col) =>
      col.notNull().references("handoff_conversation.id").onDelete("cascade"),
    )
    .addColumn("from_operator_id", "integer", (col) => col.references("users.id"))
    .addColumn("to_operator_id", "integer", (col) => col.notNull().references("users.id"))
    .addColumn("at", "text", (col) => col.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("handoff_transfer").execute();
  await db.schema.dropTable("handoff_presence").execute();
  await db.schema.alterTable("handoff_conversation").dropColumn("expected_at").execute();
  await db.schema.alterTable("handoff_conversation").dropColumn("queue_position_shown").execute();
  await db.schema.alterTable("handoff_conversation").dropColumn("queue_message_id").execute();
  await db.schema.dropIndex("handoff_message_undelivered").execute();
  await db.schema.alterTable("handoff_message").dropColumn("ref").execute();
  await db.schema.alterTable("handoff_message").dropColumn("kind").execute();
}
