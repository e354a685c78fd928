import { sql } from "kysely";
import { z } from "zod";
import type { Db } from "../db/database.ts";
import type { CampaignTable } from "../db/tables/broadcasts.ts";
import type { Role } from "../users/roles.ts";
import { gradeSchema } from "./grades.ts";

export type Campaign = Omit<CampaignTable, "id"> & { id: number };

/** Who may reach whom: school admins only their own school's subscribers; admins anyone. */
export interface CampaignActor {
  role: Role;
  providerId: string | null;
  /** Recorded on the campaign (e.g. the console user's email); never sent to parents. */
  name?: string;
}

/** What the console (or the reminder job) submits. */
export const campaignInputSchema = z
  .object({
    scope: z.enum(["provider", "region", "all"]),
    providerId: z.string().min(1).optional(),
    regionId: z.string().min(1).optional(),
    grade: gradeSchema.optional(),
    textKk: z.string().trim().min(1).max(3500),
    textRu: z.string().trim().min(1).max(3500),
    /** When to start; absent means now. */
    scheduledAt: z.date().optional(),
  })
  .refine((c) => c.scope !== "provider" || c.providerId, {
    message: "a school is required",
    path: ["providerId"],
  })
  .refine((c) => c.scope !== "region" || c.regionId, {
    message: "a region is required",
    path: ["regionId"],
  });
export type CampaignInput = z.infer<typeof campaignInputSchema>;

/** The actor may not reach this audience; the console answers 403. */
export class CampaignForbiddenError extends Error {
  override readonly name = "CampaignForbiddenError";
}

/** Throws {@link CampaignForbiddenError} unless the actor may send to this audience. */
export function assertMayTarget(
  actor: CampaignActor,
  input: Pick<CampaignInput, "scope" | "providerId">,
): void {
  if (actor.role === "admin") return;
  if (
    actor.role === "school_admin" &&
    actor.providerId &&
    input.scope === "provider" &&
    input.providerId === actor.providerId
  )
    return;
  throw new CampaignForbiddenError("this audience is outside your school");
}

export interface Audience {
  scope: "provider" | "region" | "all";
  providerId?: string | null;
  regionId?: string | null;
  grade?: string | null;
}

/** Active subscribers matching the audience, one row per parent (a parent of two matching schools gets one message). */
function audienceQuery(db: Db, audience: Audience) {
  let query = db
    .selectFrom("subscription")
    .innerJoin("subscriber", "subscriber.chat_id", "subscription.chat_id")
    .where("subscriber.active", "=", 1);
  if (audience.scope === "provider")
    query = query.where("subscription.provider_id", "=", audience.providerId ?? "");
  if (audience.scope === "region")
    query = query
      .innerJoin("provider", "provider.id", "subscription.provider_id")
      .where("provider.region_id", "=", audience.regionId ?? "");
  if (audience.grade) query = query.where("subscription.grade", "=", audience.grade);
  return query;
}

/** How many parents the audience reaches now (the console shows it before sending). */
export async function countAudience(db: Db, audience: Audience): Promise<number> {
  const row = await audienceQuery(db, audience)
    .select((eb) => eb.fn.count<number>(eb.fn("distinct", ["subscription.chat_id"])).as("n"))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Records the campaign; the caller schedules its start job. */
export async function createCampaign(
  db: Db,
  actor: CampaignActor,
  input: CampaignInput,
  options: { now?: Date; origin?: "manual" | "automatic"; windowKey?: string } = {},
): Promise<Campaign> {
  const parsed = campaignInputSchema.parse(input);
  assertMayTarget(actor, parsed);
  const now = options.now ?? new Date();
  const at = now.toISOString();
  const row = await db
    .insertInto("campaign")
    .values({
      origin: options.origin ?? "manual",
      scope: parsed.scope,
      provider_id: parsed.scope === "provider" ? (parsed.providerId ?? null) : null,
      region_id: parsed.scope === "region" ? (parsed.regionId ?? null) : null,
      grade: parsed.grade ?? null,
      text_kk: parsed.textKk,
      text_ru: parsed.textRu,
      status: "scheduled",
      scheduled_at: (parsed.scheduledAt ?? now).toISOString(),
      window_key: options.windowKey ?? null,
      total: 0,
      fanout_cursor: 0,
      fanout_done: 0,
      created_by: actor.name ?? null,
      created_at: at,
      started_at: null,
      finished_at: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return row;
}

export async function getCampaign(db: Db, id: number): Promise<Campaign | undefined> {
  return db.selectFrom("campaign").selectAll().where("id", "=", id).executeTakeFirst();
}

/** Campaigns the actor may see, newest first. */
export async function listCampaigns(db: Db, actor: CampaignActor, limit = 50): Promise<Campaign[]> {
  let query = db.selectFrom("campaign").selectAll();
  if (actor.role !== "admin") query = query.where("provider_id", "=", actor.providerId ?? "\u0000");
  return query.orderBy("id", "desc").limit(limit).execute();
}

export function mayView(actor: CampaignActor, campaign: Campaign): boolean {
  return (
    actor.role === "admin" ||
    (actor.providerId !== null && campaign.provider_id === actor.providerId)
  );
}

/**
 * Writes every recipient into SQLite in one INSERT … SELECT (no rows pass through memory),
 * then marks the campaign as sending. Idempotent: a second call adds no one twice.
 */
export async function recordRecipients(
  db: Db,
  campaign: Campaign,
  now = new Date(),
): Promise<number> {
  const at = now.toISOString();
  const audience = audienceQuery(db, {
    scope: campaign.scope as Audience["scope"],
    providerId: campaign.provider_id,
    regionId: campaign.region_id,
    grade: campaign.grade,
  })
    .select([
      sql.lit(campaign.id).as("campaign_id"),
      "subscription.chat_id",
      "subscriber.language",
      (eb) => eb.fn.min("subscription.provider_id").as("provider_id"),
      sql.lit("pending").as("status"),
      sql.lit(0).as("attempts"),
      sql.lit(at).as("updated_at"),
    ])
    // A chat has one language; naming it in the grouping is what PostgreSQL asks for.
    .groupBy(["subscription.chat_id", "subscriber.language"]);
  await db
    .insertInto("campaign_recipient")
    .columns([
      "campaign_id",
      "chat_id",
      "language",
      "provider_id",
      "status",
      "attempts",
      "updated_at",
    ])
    .expression(audience)
    .onConflict((c) => c.columns(["campaign_id", "chat_id"]).doNothing())
    .execute();
  const total = await db
    .selectFrom("campaign_recipient")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("campaign_id", "=", campaign.id)
    .executeTakeFirstOrThrow();
  await db
    .updateTable("campaign")
    .set({ status: "sending", total: Number(total.n), started_at: at })
    .where("id", "=", campaign.id)
    .where("status", "=", "scheduled")
    .execute();
  return Number(total.n);
}

/** One page of recipients still to send, after `afterChatId` (keyset paging keeps memory flat). */
export async function pendingRecipientsPage(
  db: Db,
  campaignId: number,
  afterChatId: number,
  limit: number,
) {
  return db
    .selectFrom("campaign_recipient")
    .select("chat_id")
    .where("campaign_id", "=", campaignId)
    .where("status", "in", ["pending", "sending"])
    .where("chat_id", ">", afterChatId)
    .orderBy("chat_id")
    .limit(limit)
    .execute();
}

export interface CampaignProgress {
  total: number;
  pending: number;
  sent: number;
  failed: number;
  blocked: number;
  cancelled: number;
  /** 0–100, share of recipients with a final outcome. */
  percent: number;
}

export async function campaignProgress(db: Db, campaignId: number): Promise<CampaignProgress> {
  const rows = await db
    .selectFrom("campaign_recipient")
    .select(["status", (eb) => eb.fn.countAll<number>().as("n")])
    .where("campaign_id", "=", campaignId)
    .groupBy("status")
    .execute();
  const by = (s: string) => Number(rows.find((r) => r.status === s)?.n ?? 0);
  const total = rows.reduce((sum, r) => sum + Number(r.n), 0);
  const pending = by("pending") + by("sending");
  return {
    total,
    pending,
    sent: by("sent"),
    failed: by("failed"),
    blocked: by("blocked"),
    cancelled: by("cancelled"),
    percent: total === 0 ? 0 : Math.floor(((total - pending) / total) * 100),
  };
}

/**
 * Claims one recipient for a send attempt: a conditional update from the state the caller read
 * (status and attempt count), so of two workers holding the same recipient at once (a stalled
 * job run again, two instances) exactly one wins and the other sends nothing.
 */
export async function claimRecipient(
  db: Db,
  recipient: { campaignId: number; chatId: number; status: string; attempts: number },
  now = new Date(),
): Promise<boolean> {
  if (recipient.status !== "pending" && recipient.status !== "sending") return false;
  const result = await db
    .updateTable("campaign_recipient")
    .set({ status: "sending", attempts: recipient.attempts + 1, updated_at: now.toISOString() })
    .where("campaign_id", "=", recipient.campaignId)
    .where("chat_id", "=", recipient.chatId)
    .where("status", "=", recipient.status)
    .where("attempts", "=", recipient.attempts)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Marks the campaign completed once the fan-out is done and nobody is left to send to. */
export async function finishIfDone(db: Db, campaignId: number, now = new Date()): Promise<boolean> {
  const left = await db
    .selectFrom("campaign_recipient")
    .select("chat_id")
    .where("campaign_id", "=", campaignId)
    .where("status", "in", ["pending", "sending"])
    .limit(1)
    .executeTakeFirst();
  if (left) return false;
  const result = await db
    .updateTable("campaign")
    .set({ status: "completed", finished_at: now.toISOString() })
    .where("id", "=", campaignId)
    .where("status", "=", "sending")
    .where("fanout_done", "=", 1)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Stops a scheduled or running campaign; recipients not yet reached are marked cancelled. */
export async function cancelCampaign(
  db: Db,
  actor: CampaignActor,
  campaignId: number,
  now = new Date(),
) {
  const campaign = await getCampaign(db, campaignId);
  if (!campaign || !mayView(actor, campaign)) throw new CampaignForbiddenError("not your campaign");
  const at = now.toISOString();
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable("campaign")
      .set({ status: "cancelled", finished_at: at })
      .where("id", "=", campaignId)
      .where("status", "in", ["draft", "scheduled", "sending"])
      .execute();
    await trx
      .updateTable("campaign_recipient")
      .set({ status: "cancelled", updated_at: at })
      .where("campaign_id", "=", campaignId)
      .where("status", "=", "pending")
      .execute();
  });
  return getCampaign(db, campaignId);
}

/** Per-recipient outcome rows for the delivery report, paged by chat id. */
export async function deliveryReportPage(db: Db, campaignId: number, afterChatId = 0, limit = 200) {
  return db
    .selectFrom("campaign_recipient")
    .select(["chat_id", "language", "status", "attempts", "error", "updated_at"])
    .where("campaign_id", "=", campaignId)
    .where("chat_id", ">", afterChatId)
    .orderBy("chat_id")
    .limit(limit)
    .execute();
}
