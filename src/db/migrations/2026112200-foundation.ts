import type { Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("admission_window_override")
    .addColumn("kind", "text", (col) => col.notNull())
    .addColumn("year", "integer", (col) => col.notNull())
    .addColumn("opens_on", "text")
    .addColumn("closes_on", "text", (col) => col.notNull())
    .addColumn("note", "text")
    .addColumn("updated_by", "text")
    .addColumn("updated_at", "text", (col) => col.notNull())
    .addPrimaryKeyConstraint("admission_window_override_pk", ["kind", "year"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("admission_window_override").execute();
}
