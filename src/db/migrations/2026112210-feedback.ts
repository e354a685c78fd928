import type { Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("answer_feedback")
    .addColumn("id", "integer", (col) => col.primaryKey().autoIncrement())
    .addColumn("answer_ref", "text", (col) => col.notNull().unique())
    .addColumn("question", "text", (col) => col.notNull())
    .addColumn("lang", "text", (col) => col.notNull())
    .addColumn("service", "text")
    .addColumn("confidence", "real", (col) => col.notNull())
    .addColumn("helpful", "integer", (col) => col.notNull())
    .addColumn("created_at", "text", (col) => col.notNull())
    .addColumn("reviewed_at", "text")
    .execute();
  await db.schema
    .createIndex("answer_feedback_helpful_created")
    .on("answer_feedback")
    .columns(["helpful", "created_at"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("answer_feedback").execute();
}
