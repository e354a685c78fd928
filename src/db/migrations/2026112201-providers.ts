import type { Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("provider")
    .addColumn("id", "text", (col) => col.primaryKey())
    .addColumn("kind", "text", (col) => col.notNull())
    .addColumn("name_kk", "text", (col) => col.notNull())
    .addColumn("name_ru", "text", (col) => col.notNull())
    .addColumn("region_id", "text", (col) => col.notNull())
    .addColumn("region_kk", "text", (col) => col.notNull())
    .addColumn("region_ru", "text", (col) => col.notNull())
    .addColumn("number", "text")
    .addColumn("address", "text")
    .addColumn("phone", "text")
    .execute();
  await db.schema
    .createIndex("provider_region")
    .on("provider")
    .columns(["region_id", "kind"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("provider").execute();
}
