import { createHmac, timingSafeEqual } from "node:crypto";
import { compiledQuery } from "../db/compiled-query.ts";
import { type Db, lockRow } from "../db/database.ts";
import type { ApplicationTable } from "../db/tables/applications.ts";
import { parseApplicationId } from "./id.ts";
import { decideStageMove, type StageMoveRefusal } from "./stage-machine.ts";
import { isStage, type Stage } from "./stages.ts";

export type Application = ApplicationTable;

/** `+7 (701) 123-45-67`, `87011234567`, `7011234567` → `77011234567`. */
export function normalisePhone(phone: string): string {
  let digits = phone.replace(/\D/g, "");
  if (digits.length === 11 && digits.startsWith("8")) digits = `7${digits.slice(1)}`;
  if (digits.length === 10) digits = `7${digits}`;
  return digits;
}

export function hashPhone(secret: string, phone: string): string {
  return createHmac("sha256", secret)
    .update(`phone:${normalisePhone(phone)}`)
    .digest("hex");
}

/** Salted with the ID so one PIN hash says nothing about another application's PIN. */
export function hashPin(secret: string, applicationId: string, pin: string): string {
  return createHmac("sha256", secret).update(`pin:${applicationId}:${pin.trim()}`).digest("hex");
}

function sameHash(a: string | null, b: string): boolean {
  if (!a || a.length !== b.length) return false;
  return timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

export interface NewApplication {
  id: string;
  serviceId: string;
  providerId: string;
  channel: string;
  submittedAt: string;
  deadline: string;
  stage?: Stage;
  refusalGround?: number | null;
  phone?: string | null;
  pin?: string | null;
  externalSystem?: string | null;
  externalRef?: string | null;
  actor: string;
}

/** Inserts or replaces an application, recording its current stage in the audit trail. */
export async function saveApplication(
  db: Db,
  secret: string,
  input: NewApplication,
): Promise<void> {
  const parsed = parseApplicationId(input.id);
  if (!parsed.ok) throw new Error(`invalid application ID (${parsed.reason})`);
  const id = parsed.id;
  const stage = input.stage ?? "received";
  const row: Application = {
    id,
    service_id: input.serviceId,
    provider_id: input.providerId,
    channel: input.channel,
    submitted_at: input.submittedAt,
    deadline: input.deadline,
    stage,
    stage_at: input.submittedAt,
    refusal_ground: input.refusalGround ?? null,
    phone_hash: input.phone ? hashPhone(secret, input.phone) : null,
    pin_hash: input.pin ? hashPin(secret, id, input.pin) : null,
    external_system: input.externalSystem ?? null,
    external_ref: input.externalRef ?? null,
    updated_at: new Date().toISOString(),
  };
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom("application_stage").where("application_id", "=", id).execute();
    await trx
      .insertInto("application")
      .values(row)
      .onConflict((conflict) => conflict.column("id").doUpdateSet(row))
      .execute();
    const event = await trx
      .insertInto("application_stage")
      .values({
        application_id: id,
        stage,
        at: row.stage_at,
        actor: input.actor,
        refusal_ground: row.refusal_ground,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    // A reloaded application (demo data at every start) is not news to parents already linked.
    await trx
      .updateTable("application_link")
      .set({ since_event_id: event.id })
      .where("application_id", "=", id)
      .execute();
  });
}

// The two queries of every status lookup (the worker's, and the producer's check of the ID):
// compiled once, prepared once.
const applicationById = compiledQuery((db: Db, id: string) =>
  db.selectFrom("application").selectAll().where("id", "=", id),
);
const stagesOf = compiledQuery((db: Db, id: string) =>
  db
    .selectFrom("application_stage")
    .select(["id", "stage", "at", "actor", "refusal_ground"])
    .where("application_id", "=", id)
    .orderBy("id"),
);

export async function getApplication(db: Db, id: string): Promise<Application | undefined> {
  return (await applicationById(db, id))[0];
}

export async function getStageHistory(db: Db, id: string) {
  return stagesOf(db, id);
}

export async function listApplications(db: Db, providerId: string): Promise<Application[]> {
  return db
    .selectFrom("application")
    .selectAll()
    .where("provider_id", "=", providerId)
    .orderBy("deadline")
    .orderBy("id")
    .execute();
}

export interface StageChange {
  applicationId: string;
  stage: Stage;
  /** `provider:<id>`, `operator:<id>`, `import:<file>`, `external:<system>`. */
  actor: string;
  refusalGround?: number | null;
  at?: string;
  /** The stage the caller saw (the console form's); the move is refused if it has changed. */
  expectedStage?: Stage;
}

/** What the stage machine needs from outside the database. */
export interface StageRules {
  /** How many refusal grounds a service's catalogue entry lists; undefined for an unknown one. */
  refusalGrounds(serviceId: string): number | undefined;
  now?: () => Date;
}

export type StageChangeResult =
  | {
      changed: false;
      reason: "unknown_application" | "same_stage" | StageMoveRefusal;
      /** The application's stage when the move was refused (for a 409's body). */
      currentStage?: Stage;
    }
  | { changed: true; eventId: number; recipients: { userId: string; language: string }[] };

/**
 * Moves an application to a stage and appends the change to the audit trail, when the stage
 * machine (`stage-machine.ts`) allows it. Setting the stage it already has changes nothing,
 * which is what makes replays (a CSV imported twice, an API retry) notify nobody twice.
 * Without `rules` no refusal ground can be checked, so no refusal is accepted.
 */
export async function moveStage(
  db: Db,
  change: StageChange,
  rules?: StageRules,
): Promise<StageChangeResult> {
  if (!isStage(change.stage)) throw new Error(`unknown stage ${String(change.stage)}`);
  const now = rules?.now?.() ?? new Date();
  return db.transaction().execute(async (trx) => {
    // Locked until the commit: two instances moving one application at once take turns, and
    // the second decides on the stage the first wrote (a replay becomes "same stage").
    await lockRow(trx, "application", { column: "id", value: change.applicationId });
    const current = await trx
      .selectFrom("application")
      .select(["stage", "refusal_ground", "stage_at", "service_id"])
      .where("id", "=", change.applicationId)
      .executeTakeFirst();
    if (!current) return { changed: false, reason: "unknown_application" } as const;
    const currentStage = current.stage as Stage;
    const decision = decideStageMove({
      current: {
        stage: currentStage,
        refusalGround: current.refusal_ground,
        stageAt: current.stage_at,
      },
      to: change.stage,
      refusalGround: change.refusalGround,
      at: change.at,
      expected: change.expectedStage,
      refusalGrounds: rules?.refusalGrounds(current.service_id),
      now,
    });
    if (!decision.ok) return { changed: false, reason: decision.code, currentStage } as const;
    if (decision.same) return { changed: false, reason: "same_stage", currentStage } as const;
    const { at, refusalGround } = decision;
    await trx
      .updateTable("application")
      .set({
        stage: change.stage,
        stage_at: at,
        refusal_ground: refusalGround,
        updated_at: now.toISOString(),
      })
      .where("id", "=", change.applicationId)
      .execute();
    const event = await trx
      .insertInto("application_stage")
      .values({
        application_id: change.applicationId,
        stage: change.stage,
        at,
        actor: change.actor,
        refusal_ground: refusalGround,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const recipients = await trx
      .selectFrom("application_link")
      .select(["telegram_user_id as userId", "language"])
      .where("application_id", "=", change.applicationId)
      .execute();
    return { changed: true, eventId: event.id, recipients } as const;
  });
}

export type OwnershipProof = { phone: string } | { pin: string };

/** True when the proof matches; an unknown ID and a wrong proof look the same to the caller. */
export function proofMatches(
  secret: string,
  application: Application | undefined,
  proof: OwnershipProof,
): boolean {
  if (!application) return false;
  if ("phone" in proof) return sameHash(application.phone_hash, hashPhone(secret, proof.phone));
  return sameHash(application.pin_hash, hashPin(secret, application.id, proof.pin));
}

export async function linkTelegramUser(
  db: Db,
  link: { applicationId: string; userId: string; method: "contact" | "pin"; language: string },
): Promise<void> {
  const latest = await db
    .selectFrom("application_stage")
    .select((eb) => eb.fn.max("id").as("id"))
    .where("application_id", "=", link.applicationId)
    .executeTakeFirst();
  await db
    .insertInto("application_link")
    .values({
      application_id: link.applicationId,
      telegram_user_id: link.userId,
      method: link.method,
      language: link.language,
      linked_at: new Date().toISOString(),
      since_event_id: Number(latest?.id ?? 0),
    })
    .onConflict((conflict) =>
      conflict
        .columns(["application_id", "telegram_user_id"])
        .doUpdateSet({ language: link.language }),
    )
    .execute();
}

export async function isLinked(db: Db, applicationId: string, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom("application_link")
    .select("application_id")
    .where("application_id", "=", applicationId)
    .where("telegram_user_id", "=", userId)
    .executeTakeFirst();
  return row !== undefined;
}

/** Bump when the consent text in locales/<lang>/status.ftl changes materially. */
export const CONSENT_TEXT_VERSION = "2026-11-22";

export async function recordConsent(
  db: Db,
  subject: string,
  decision: "granted" | "refused",
): Promise<string> {
  const decidedAt = new Date().toISOString();
  await db
    .insertInto("status_consent")
    .values({ subject, decision, text_version: CONSENT_TEXT_VERSION, decided_at: decidedAt })
    .execute();
  return decidedAt;
}

/** The latest decision for the current consent text; an older text's consent does not count. */
export async function consentDecision(
  db: Db,
  subject: string,
): Promise<"granted" | "refused" | undefined> {
  const row = await db
    .selectFrom("status_consent")
    .select(["decision", "text_version"])
    .where("subject", "=", subject)
    .orderBy("id", "desc")
    .executeTakeFirst();
  if (!row || row.text_version !== CONSENT_TEXT_VERSION) return undefined;
  return row.decision;
}

/**
 * How long a claimed notice may stay undelivered before another sender may take it over: far
 * longer than a send (the Bot API answers in seconds, auto-retry included), so only the claim of
 * a sender that died between the claim and the send is taken.
 */
export const NOTICE_CLAIM_LEASE_MS = 5 * 60_000;

/** A notice's queue job ID: the producer and the sweep queue the same notice under one ID. */
export const noticeJobId = (stageEventId: number, userId: string) => `n-${stageEventId}-${userId}`;

/**
 * Claims the right to send one notice for `claimant` (the queue job's ID); false when another
 * sender holds it or it was delivered (exactly once while senders live). The insert decides
 * between senders racing. A claim left undelivered is taken over by one conditional update:
 * at once by the same job (the queue retries a job only once its holder stopped renewing its
 * lock, i.e. died), or by any sender once its lease has run out (the sweep's jobs). At least
 * once: a sender killed after the send but before {@link markNotificationDelivered} means one
 * repeat, which beats a parent never told.
 */
export async function claimNotification(
  db: Db,
  stageEventId: number,
  userId: string,
  claimant: string,
  leaseMs = NOTICE_CLAIM_LEASE_MS,
): Promise<boolean> {
  const now = new Date();
  const result = await db
    .insertInto("stage_notification")
    .values({
      stage_event_id: stageEventId,
      telegram_user_id: userId,
      sent_at: now.toISOString(),
      delivered_at: null,
      claimed_by: claimant,
    })
    .onConflict((conflict) => conflict.doNothing())
    .executeTakeFirst();
  if (Number(result.numInsertedOrUpdatedRows ?? 0n) === 1) return true;
  const taken = await db
    .updateTable("stage_notification")
    .set({ sent_at: now.toISOString(), claimed_by: claimant })
    .where("stage_event_id", "=", stageEventId)
    .where("telegram_user_id", "=", userId)
    .where("delivered_at", "is", null)
    .where((eb) =>
      eb.or([
        eb("claimed_by", "=", claimant),
        eb("sent_at", "<", new Date(now.getTime() - leaseMs).toISOString()),
      ]),
    )
    .executeTakeFirst();
  return Number(taken.numUpdatedRows) === 1;
}

/** The Bot API took the notice: no sweep or retry sends it again. */
export async function markNotificationDelivered(
  db: Db,
  stageEventId: number,
  userId: string,
): Promise<void> {
  await db
    .updateTable("stage_notification")
    .set({ delivered_at: new Date().toISOString() })
    .where("stage_event_id", "=", stageEventId)
    .where("telegram_user_id", "=", userId)
    .execute();
}

export async function releaseNotification(
  db: Db,
  stageEventId: number,
  userId: string,
): Promise<void> {
  await db
    .deleteFrom("stage_notification")
    .where("stage_event_id", "=", stageEventId)
    .where("telegram_user_id", "=", userId)
    .execute();
}

/**
 * Notices that should have been sent but have no claim row (the stage change was committed
 * but its queue job was lost) or a claim whose sender died before the send. Only changes recorded between `olderThan` and `newerThan` ago
 * count, so the normal path has time to deliver and old history is never replayed.
 */
export async function unsentNotifications(
  db: Db,
  window: { olderThanMs: number; newerThanMs: number },
) {
  const now = Date.now();
  return (
    db
      .selectFrom("application_stage as s")
      .innerJoin("application_link as l", "l.application_id", "s.application_id")
      .leftJoin("stage_notification as n", (join) =>
        join
          .onRef("n.stage_event_id", "=", "s.id")
          .onRef("n.telegram_user_id", "=", "l.telegram_user_id"),
      )
      .select([
        "s.id as stageEventId",
        "s.application_id as applicationId",
        "l.telegram_user_id as userId",
        "l.language as language",
        "n.sent_at as claimedAt",
      ])
      .where((eb) =>
        eb.or([
          eb("n.stage_event_id", "is", null),
          // Claimed by a sender that died before the send: its lease has run out.
          eb.and([
            eb("n.delivered_at", "is", null),
            eb("n.sent_at", "<", new Date(now - NOTICE_CLAIM_LEASE_MS).toISOString()),
          ]),
        ]),
      )
      .whereRef("s.id", ">", "l.since_event_id")
      // At or before: a zero grace sweeps a change recorded in this very millisecond too.
      .where("s.recorded_at", "<=", new Date(now - window.olderThanMs).toISOString())
      .where("s.recorded_at", ">", new Date(now - window.newerThanMs).toISOString())
      .limit(1000)
      .execute()
  );
}
