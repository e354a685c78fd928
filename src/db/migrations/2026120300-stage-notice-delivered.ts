import { type Kysely, sql } from "kysely";

/**
 * A stage-change notice's claim and its delivery, apart: `sent_at` is when a sender claimed it,
 * `delivered_at` when the Bot API took the message, `claimed_by` which queue job claimed it. A
 * claim never delivered (its sender was killed between the two) is taken over by the same job
 * when the queue retries it, or by anyone once its lease has run out. Rows written before these
 * columns existed were sent, so they count as delivered.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("stage_notification").addColumn("delivered_at", "text").execute();
  await db.schema.alterTable("stage_notification").addColumn("claimed_by", "text").execute();
  await sql`update stage_notification set delivered_at = sent_at`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable("stage_notification").dropColumn("claimed_by").execute();
  await db.schema.alterTable("stage_notification").dropColumn("delivered_at").execute();
}
