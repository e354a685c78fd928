import { type Job, type Queue, UnrecoverableError, Worker } from "bullmq";
import {
  finishIfDone,
  getCampaign,
  pendingRecipientsPage,
  recordRecipients,
} from "../broadcasts/campaigns.ts";
import type { Translate } from "../broadcasts/message.ts";
import {
  campaignQueueName,
  type SendJobData,
  type StartJobData,
  scheduleCampaignStart,
  sendJobId,
  startJobDataSchema,
  startJobId,
} from "../broadcasts/queues.ts";

const refillJobId = (campaignId: number) => `refill-${campaignId}`;

import { createDueWindowReminders } from "../broadcasts/reminders.ts";
import type { Db } from "../db/database.ts";
import type { Redis } from "../infra/redis.ts";
import type { Catalogue } from "../knowledge/catalogue.ts";
import type { Logger } from "../logger.ts";

export interface CampaignWorkerOptions {
  db: Db;
  logger: Logger;
  connection: Redis;
  prefix?: string;
  campaignQueue: Queue<StartJobData>;
  sendQueue: Queue<SendJobData>;
  /** The current catalogue, read at each reminders job (an administrator may reload it). */
  catalogue: () => Pick<Catalogue, "admissionWindows">;
  t: Translate;
  daysBeforeClose: number;
  /** Recipients handed to the send queue per `addBulk`. */
  fanoutPageSize?: number;
  lockDurationMs?: number;
  stalledIntervalMs?: number;
  now?: () => Date;
}

/**
 * Jobs of the campaign queue:
 * - `start`: records the audience in SQLite, then fans out send jobs page by page;
 * - `reminders`: creates the automatic admission-window reminders that are due;
 * - `reconcile`: re-hands to Redis what SQLite says is unfinished (after Redis lost data).
 */
export function createBroadcastCampaignWorker(
  options: CampaignWorkerOptions,
): Worker<StartJobData> {
  const { db, logger, campaignQueue, sendQueue } = options;
  const now = options.now ?? (() => new Date());
  const pageSize = options.fanoutPageSize ?? 500;

  const fanOut = async (campaignId: number, fromStart: boolean) => {
    let campaign = await getCampaign(db, campaignId);
    if (!campaign) return "unknown";
    if (campaign.status === "scheduled") {
      const total = await recordRecipients(db, campaign, now());
      logger.info({ campaignId, total }, "campaign audience recorded");
      campaign = await getCampaign(db, campaignId);
    }
    if (campaign?.status !== "sending") return campaign?.status ?? "unknown";
    // The cursor survives a crashed fan-out; after a Redis loss every unsent recipient goes again.
    let cursor = fromStart ? 0 : campaign.fanout_cursor;
    for (;;) {
      const page = await pendingRecipientsPage(db, campaignId, cursor, pageSize);
      if (page.length === 0) break;
      await sendQueue.addBulk(
        page.map((r) => ({
          name: "send",
          data: { campaignId, chatId: r.chat_id },
          opts: { jobId: sendJobId(campaignId, r.chat_id) },
        })),
      );
      cursor = page[page.length - 1]?.chat_id ?? cursor;
      await db
        .updateTable("campaign")
        .set({ fanout_cursor: cursor })
        .where("id", "=", campaignId)
        .execute();
      const current = await getCampaign(db, campaignId);
      if (current?.status === "cancelled") return "cancelled";
    }
    await db.updateTable("campaign").set({ fanout_done: 1 }).where("id", "=", campaignId).execute();
    await finishIfDone(db, campaignId, now());
    return "fanned-out";
  };

  // A failed start job stays in Redis for inspection; only a waiting or running one counts.
  const isUnfinished = async (jobId: string) => {
    const job = await campaignQueue.getJob(jobId);
    if (!job) return false;
    const state = await job.getState();
    if (state === "failed" || state === "completed") {
      await job.remove().catch(() => undefined);
      return false;
    }
    return true;
  };

  const reconcile = async () => {
    const open = await db
      .selectFrom("campaign")
      .select(["id", "status", "scheduled_at", "fanout_done"])
      .where("status", "in", ["scheduled", "sending"])
      .execute();
    if (open.length === 0) return "idle";
    const counts = await sendQueue.getJobCounts("waiting", "delayed", "active", "prioritized");
    const queued = Object.values(counts).reduce((sum, n) => sum + n, 0);
    for (const campaign of open) {
      if (campaign.status === "scheduled") {
        await scheduleCampaignStart(campaignQueue, campaign, now());
        continue;
      }
      if (queued > 0) continue;
      if (
        (await isUnfinished(startJobId(campaign.id))) ||
        (await isUnfinished(refillJobId(campaign.id)))
      )
        continue;
      if (await finishIfDone(db, campaign.id, now())) continue;
      logger.warn(
        { campaignId: campaign.id },
        "unsent recipients but no jobs in Redis; handing them over again",
      );
      await campaignQueue.add(
        "start",
        { campaignId: campaign.id, fromStart: true },
        { jobId: refillJobId(campaign.id) },
      );
    }
    return "reconciled";
  };

  const process = async (job: Job<StartJobData>): Promise<string> => {
    const data = startJobDataSchema.safeParse(job.data);
    if (!data.success) throw new UnrecoverableError("malformed campaign job");
    switch (job.name) {
      case "start":
        return fanOut(data.data.campaignId, data.data.fromStart === true);
      case "reminders": {
        const created = await createDueWindowReminders(db, options.catalogue(), options.t, {
          now: now(),
          daysBeforeClose: options.daysBeforeClose,
        });
        for (const campaign of created) await scheduleCampaignStart(campaignQueue, campaign, now());
        if (created.length > 0)
          logger.info({ created: created.map((c) => c.window_key) }, "window reminders created");
        return `created ${created.length}`;
      }
      case "reconcile":
        return reconcile();
      default:
        return "ignored";
    }
  };

  const worker = new Worker<StartJobData>(campaignQueueName, process, {
    connection: options.connection,
    ...(options.prefix ? { prefix: options.prefix } : {}),
    concurrency: 2,
    lockDuration: options.lockDurationMs ?? 30_000,
    stalledInterval: options.stalledIntervalMs ?? 30_000,
  });
  worker.on("error", (error) =>
    logger.warn({ err: error.message }, "broadcast campaign worker error"),
  );
  worker.on("failed", (job, error) =>
    logger.warn(
      { job: job?.name, campaignId: job?.data.campaignId, err: error.message },
      "campaign job failed",
    ),
  );
  return worker;
}
