import { type Kysely, sql } from "kysely";

/**
 * What the centre learns: one row per question asked (scrubbed text, no chat id, no user), and
 * the knowledge tasks administrators make of the questions that found no good answer.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("question_log")
    .addColumn("id", "integer", (col) => col.primaryKey().autoIncrement())
    .addColumn("created_at", "text", (col) => col.notNull())
    .addColumn("day", "text", (col) => col.notNull())
    .addColumn("channel", "text", (col) =>
      col.notNull().check(sql`channel in ('telegram', 'webchat', 'console')`),
    )
    .addColumn("language", "text", (col) => col.notNull())
    .addColumn("service", "text")
    .addColumn("outcome", "text", (col) =>
      col
        .notNull()
        .check(sql`outcome in ('answered', 'clarified', 'out_of_scope', 'refused', 'person')`),
    )
    .addColumn("confidence", "real", (col) => col.notNull())
    .addColumn("question", "text", (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex("question_log_created_at")
    .on("question_log")
    .column("created_at")
    .execute();

  await db.schema
    .createTable("knowledge_task")
    .addColumn("id", "integer", (col) => col.primaryKey().autoIncrement())
    .addColumn("kind", "text", (col) =>
      col.notNull().check(sql`kind in ('phrasing', 'missing_fact')`),
    )
    .addColumn("question", "text", (col) => col.notNull())
    .addColumn("language", "text", (col) => col.notNull())
    .addColumn("synonym_group", "text")
    .addColumn("phrasing", "text")
    .addColumn("note", "text")
    .addColumn("status", "text", (col) =>
      col.notNull().check(sql`status in ('open', 'approved', 'rejected', 'done')`),
    )
    .addColumn("created_by", "integer", (col) => col.references("users.id"))
    .addColumn("created_at", "text", (col) => col.notNull())
    .addColumn("decided_by", "integer", (col) => col.references("users.id"))
    .addColumn("decided_at", "text")
    .execute();
  await db.schema
    .createIndex("knowledge_task_status")
    .on("knowledge_task")
    .columns(["kind", "status"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("knowledge_task").execute();
  await db.schema.dropTable("question_log").execute();
}
