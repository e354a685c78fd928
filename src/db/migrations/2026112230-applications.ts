import type { Kysely } from "kysely";

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("application")
    .addColumn("id", "text", (col) => col.primaryKey())
    .addColumn("service_id", "text", (col) => col.notNull())
    .addColumn("provider_id", "text", (col) => col.notNull())
    .addColumn("channel", "text", (col) => col.notNull())
    .addColumn("submitted_at", "text", (col) => col.notNull())
    .addColumn("deadline", "text", (col) => col.notNull())
    .addColumn("stage", "text", (col) => col.notNull())
    .addColumn("stage_at", "text", (col) => col.notNull())
    .addColumn("refusal_ground", "integer")
    .addColumn("phone_hash", "text")
    .addColumn("pin_hash", "text")
    .addColumn("external_system", "text")
    .addColumn("external_ref", "text")
    .addColumn("updated_at", "text", (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex("application_provider")
    .on("application")
    .columns(["provider_id", "stage"])
    .execute();
  await db.schema
    .createTable("application_stage")
    .addColumn("id", "integer", (col) => col.primaryKey().autoIncrement())
    .addColumn("application_id", "text", (col) =>
      col.notNull().references("application.id").onDelete("cascade"),
    )
    .addColumn("stage", "text", (col) => col.notNull())
    .addColumn("at", "text", (col) => col.notNull())
    .addColumn("actor", "text", (col) => col.notNull())
    .addColumn("refusal_ground", "integer")
    .execute();
  await db.schema
    .createIndex("application_stage_app")
    .on("application_stage")
    .columns(["application_id", "id"])
    .execute();
  await db.schema
    .createTable("application_link")
    .addColumn("application_id", "text", (col) =>
      col.notNull().references("application.id").onDelete("cascade"),
    )
    .addColumn("telegram_user_id", "text", (col) => col.notNull())
    .addColumn("method", "text", (col) => col.notNull())
    .addColumn("language", "text", (col) => col.notNull())
    .addColumn("linked_at", "text", (col) => col.notNull())
    .addPrimaryKeyConstraint("application_link_pk", ["application_id", "telegram_user_id"])
    .execute();
  await db.schema
    .createTable("status_consent")
    .addColumn("id", "integer", (col) => col.primaryKey().autoIncrement())
    .addColumn("subject", "text", (col) => col.notNull())
    .addColumn("decision", "text", (col) => col.notNull())
    .addColumn("text_version", "text", (col) => col.notNull())
    .addColumn("decided_at", "text", (col) => col.notNull())
    .execute();
  await db.schema
    .createIndex("status_consent_subject")
    .on("status_consent")
    .columns(["subject", "id"])
    .execute();
  await db.schema
    .createTable("stage_notification")
    .addColumn("stage_event_id", "integer", (col) => col.notNull())
    .addColumn("telegram_user_id", "text", (col) => col.notNull())
    .addColumn("sent_at", "text", (col) => col.notNull())
    .addPrimaryKeyConstraint("stage_notification_pk", ["stage_event_id", "telegram_user_id"])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    "stage_notification",
    "status_consent",
    "application_link",
    "application_stage",
    "application",
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
