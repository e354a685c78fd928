import type { Kysely } from "kysely";
import { clusteredOnPrimaryKey } from "../portable.ts";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("subscriber")
    .addColumn("chat_id", "integer", (col) => col.primaryKey())
    .addColumn("language", "text", (col) => col.notNull())
    .addColumn("active", "integer", (col) => col.notNull().defaultTo(1))
    .addColumn("created_at", "text", (col) => col.notNull())
    .addColumn("updated_at", "text", (col) => col.notNull())
    .execute();
  await db.schema
    .createTable("subscription")
    .addColumn("id", "integer", (col) => col.primaryKey().autoIncrement())
    .addColumn("chat_id", "integer", (col) =>
      col.notNull().references("subscriber.chat_id").onDelete("cascade"),
    )
    .addColumn("provider_id", "text", (col) => col.notNull().references("provider.id"))
    .addColumn("grade", "text", (col) => col.notNull())
    .addColumn("created_at", "text", (col) => col.notNull())
    .addUniqueConstraint("subscription_unique", ["chat_id", "provider_id", "grade"])
    .execute();
  await db.schema
    .createIndex("subscription_provider")
    .on("subscription")
    .columns(["provider_id", "grade", "chat_id"])
    .execute();
  await db.schema
    .createTable("campaign")
    .addColumn("id", "integer", (col) => col.primaryKey().autoIncrement())
    .addColumn("origin", "text", (col) => col.notNull())
    .addColumn("scope", "text", (col) => col.notNull())
    .addColumn("provider_id", "text", (col) => col.references("provider.id"))
    .addColumn("region_id", "text")
    .addColumn("grade", "text")
    .addColumn("text_kk", "text", (col) => col.notNull())
    .addColumn("text_ru", "text", (col) => col.notNull())
    .addColumn("status", "text", (col) => col.notNull())
    .addColumn("scheduled_at", "text", (col) => col.notNull())
    .addColumn("window_key", "text", (col) => col.unique())
    .addColumn("total", "integer", (col) => col.notNull().defaultTo(0))
    .addColumn("fanout_cursor", "integer", (col) => col.notNull().defaultTo(0))
    .addColumn("fanout_done", "integer", (col) => col.notNull().defaultTo(0))
    .addColumn("created_by", "text")
    .addColumn("created_at", "text", (col) => col.notNull())
    .addColumn("started_at", "text")
    .addColumn("finished_at", "text")
    .execute();
  await db.schema.createIndex("campaign_status").on("campaign").columns(["status"]).execute();
  await db.schema
    .createTable("campaign_recipient")
    .addColumn("campaign_id", "integer", (col) =>
      col.notNull().references("campaign.id").onDelete("cascade"),
    )
    .addColumn("chat_id", "integer", (col) => col.notNull())
    .addColumn("language", "text", (col) => col.notNull())
    .addColumn("provider_id", "text", (col) => col.notNull())
    .addColumn("status", "text", (col) => col.notNull())
    .addColumn("attempts", "integer", (col) => col.notNull().defaultTo(0))
    .addColumn("message_id", "integer")
    .addColumn("error", "text")
    .addColumn("updated_at", "text", (col) => col.notNull())
    .addPrimaryKeyConstraint("campaign_recipient_pk", ["campaign_id", "chat_id"])
    .modifyEnd(clusteredOnPrimaryKey(db))
    .execute();
  await db.schema
    .createIndex("campaign_recipient_status")
    .on("campaign_recipient")
    .columns(["campaign_id", "status", "chat_id"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable("campaign_recipient").execute();
  await db.schema.dropTable("campaign").execute();
  await db.schema.dropTable("subscription").execute();
  await db.schema.dropTable("subscriber").execute();
}
