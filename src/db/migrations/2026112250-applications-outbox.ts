import type { Kysely } from "kysely";
import { nowIsoText } from "../portable.ts";

/**
 * Stage-change notices as an outbox: when each audit row was recorded (its `at` may be
 * backdated by a provider) and from which event a parent's link counts, so a sweep can find
 * notices whose queue job was lost (Redis away right after the SQLite commit).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable("application_stage")
    .addColumn("recorded_at", "text", (col) => col.notNull().defaultTo(nowIsoText(db)))
    .execute();
  await db.schema
    .alterTable("application_link")
    .addColumn("since_event_id", "integer", (col) => col.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("application_link").dropColumn("since_event_id").execute();
  await db.schema.alterTable("application_stage").dropColumn("recorded_at").execute();
}
