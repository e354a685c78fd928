import { type Kysely, sql } from "kysely";

/**
 * Conversations handed from the bot to a 1414 operator, and their messages. A message is
 * written here before it is delivered, so a Redis restart or a killed worker loses none.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("handoff_conversation")
    .addColumn("id", "integer", (col) => col.primaryKey().autoIncrement())
    .addColumn("channel", "text", (col) =>
      col.notNull().check(sql`channel in ('telegram', 'webchat')`),
    )
    .addColumn("chat_id", "text", (col) => col.notNull())
    .addColumn("language", "text", (col) => col.notNull())
    .addColumn("topic", "text")
    .addColumn("status", "text", (col) =>
      col.notNull().check(sql`status in ('waiting', 'active', 'closed')`),
    )
    .addColumn("context_json", "text", (col) => col.notNull().defaultTo("{}"))
    .addColumn("created_at", "text", (col) => col.notNull())
    .addColumn("taken_at", "text")
    .addColumn("closed_at", "text")
    .addColumn("operator_id", "integer", (col) => col.references("users.id"))
    .addColumn("outcome", "text")
    .addColumn("rating", "integer", (col) => col.check(sql`rating between 1 and 5`))
    .addColumn("rating_comment", "text")
    .execute();
  // At most one open conversation per chat: a second request joins the first.
  await db.schema
    .createIndex("handoff_conversation_open_chat")
    .on("handoff_conversation")
    .columns(["channel", "chat_id"])
    .unique()
    .where(sql.ref("status"), "<>", "closed")
    .execute();
  await db.schema
    .createIndex("handoff_conversation_status_created")
    .on("handoff_conversation")
    .columns(["status", "created_at"])
    .execute();

  await db.schema
    .createTable("handoff_message")
    .addColumn("id", "integer", (col) => col.primaryKey().autoIncrement())
    .addColumn("conversation_id", "integer", (col) =>
      col.notNull().references("handoff_conversation.id").onDelete("cascade"),
    )
    .addColumn("author", "text", (col) =>
      col.notNull().check(sql`author in ('parent', 'operator', 'bot', 'system')`),
    )
    .addColumn("operator_id", "integer", (col) => col.references("users.id"))
    .addColumn("text", "text", (col) => col.notNull())
    .addColumn("created_at", "text", (col) => col.notNull())
    .addColumn("delivered_at", "text")
    .execute();
  await db.schema
    .createIndex("handoff_message_conversation")
    .on("handoff_message")
    .columns(["conversation_id", "id"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("handoff_message").execute();
  await db.schema.dropTable("handoff_conversation").execute();
}
