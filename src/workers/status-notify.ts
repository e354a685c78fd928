import type { I18n } from "@grammyjs/i18n";
import { type Job, Queue, UnrecoverableError, Worker } from "bullmq";
import type { Api } from "grammy";
import { z } from "zod";
import {
  claimNotification,
  getApplication,
  markNotificationDelivered,
  noticeJobId,
  releaseNotification,
  unsentNotifications,
} from "../applications/registry.ts";
import type { NotifyJobData } from "../applications/registry-operations.ts";
import type { Stage } from "../applications/stages.ts";
import type { Db } from "../db/database.ts";
import { createWorkerConnection, type Redis } from "../infra/redis.ts";
import type { Logger } from "../logger.ts";

export const STATUS_NOTIFY_QUEUE = "status-notify";

/** `stage-changed` jobs: one notice to one linked parent (IDs only). */
export const notifyJobDataSchema = z.object({
  stageEventId: z.number().int().positive(),
  applicationId: z.string().min(1),
  userId: z.string().min(1),
  language: z.string().min(2),
}) satisfies z.ZodType<NotifyJobData>;

/** `stage-changed` jobs, and `sweep` jobs (the outbox sweep's job scheduler) that carry nothing. */
export type NotifyQueueData = NotifyJobData | Record<string, never>;

/**
 * The `status-notify` queue. The producer (registry operations) adds `stage-changed` jobs on
 * the app's client connection; the worker's own copy adds the swept ones.
 */
export function createNotifyQueue(connection: Redis, prefix: string): Queue<NotifyQueueData> {
  return new Queue<NotifyQueueData>(STATUS_NOTIFY_QUEUE, {
    connection,
    prefix,
    defaultJobOptions: {
      attempts: 8,
      backoff: { type: "exponential", delay: 1000 },
      removeOnComplete: { age: 86_400, count: 10_000 },
      removeOnFail: { age: 7 * 86_400 },
    },
  });
}

/** Sends one stage-change notice to a parent's chat. */
export type StageNoticeSender = (notice: {
  userId: string;
  language: string;
  applicationId: string;
  stage: Stage;
}) => Promise<void>;

/**
 * Exactly once: BullMQ's job ID (`n-<event>-<user>`) collapses replays in the queue and the
 * unique row in `stage_notification` is claimed before sending, so a retried or stalled job
 * never sends twice. A failed send gives the claim back so the retry can send; a sender killed
 * between its claim and its send leaves a claim that the queue's retry of the same job takes
 * over once the stalled job is noticed (or the sweep, after the lease, if the job was lost).
 */
export function createStatusNotifyProcessor(deps: {
  db: Db;
  send: StageNoticeSender;
  logger: Logger;
}) {
  return async function process(job: Job<NotifyJobData>) {
    const parsed = notifyJobDataSchema.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError("malformed stage notice job");
    const { stageEventId, applicationId, userId, language } = parsed.data;
    const application = await getApplication(deps.db, applicationId);
    if (!application) return "gone";
    const claimant = job.id ?? noticeJobId(stageEventId, userId);
    if (!(await claimNotification(deps.db, stageEventId, userId, claimant))) return "already-sent";
    const event = await deps.db
      .selectFrom("application_stage")
      .select("stage")
      .where("id", "=", stageEventId)
      .executeTakeFirst();
    try {
      await deps.send({
        userId,
        language,
        applicationId,
        stage: (event?.stage ?? application.stage) as Stage,
      });
    } catch (error) {
      await releaseNotification(deps.db, stageEventId, userId);
      throw error;
    }
    await markNotificationDelivered(deps.db, stageEventId, userId);
    return "sent";
  };
}

/**
 * A sender through the app's outbound Api (not the bot's update loop): Telegram chats, and web
 * chats through the Api's web-chat transformer.
 */
export function createApiNoticeSender(api: Api, i18n: I18n): StageNoticeSender {
  return async ({ userId, language, applicationId, stage }) => {
    const stageName = i18n.t(language, `status-stage-${stage.replace(/_/g, "-")}`);
    // Stored as text; Telegram and web-chat ids fit in a double, and chat ids are numbers to the Bot API.
    await api.sendMessage(
      Number(userId),
      i18n.t(language, "status-notice-stage-changed", { id: applicationId, stage: stageName }),
    );
  };
}

export interface StatusNotifyWorkerOptions {
  db: Db;
  redisUrl: string;
  prefix: string;
  logger: Logger;
  send: StageNoticeSender;
  sweepIntervalMs?: number;
  /** A notice is swept only when its change is older than this (the normal path had its chance). */
  sweepAfterMs?: number;
}

/** Re-queues notices that have no claim row; returns how many were found. */
export async function requeueUnsent(
  queue: Queue<NotifyQueueData>,
  db: Db,
  sweepAfterMs = 60_000,
): Promise<number> {
  const rows = await unsentNotifications(db, {
    olderThanMs: sweepAfterMs,
    newerThanMs: 86_400_000,
  });
  if (rows.length === 0) return 0;
  await queue.addBulk(
    rows.map(({ claimedAt, ...row }) => ({
      name: "stage-changed",
      data: row,
      opts: {
        // A dead sender's claim gets a job of its own: the first job is kept as completed for a
        // day, and a job ID already known is not queued again.
        jobId: claimedAt
          ? `${noticeJobId(row.stageEventId, row.userId)}-${Date.parse(claimedAt)}`
          : noticeJobId(row.stageEventId, row.userId),
        attempts: 8,
        backoff: { type: "exponential", delay: 1000 },
      },
    })),
  );
  return rows.length;
}

/** Notices one instance sends at once (the Bot API's global limit is set by the limiter). */
export const NOTICE_CONCURRENCY = 4;

export async function startStatusNotifyWorker(options: StatusNotifyWorkerOptions) {
  const connection = createWorkerConnection(options.redisUrl, options.logger);
  const queue = createNotifyQueue(connection, options.prefix);
  const notify = createStatusNotifyProcessor(options);
  const worker = new Worker<NotifyQueueData>(
    STATUS_NOTIFY_QUEUE,
    async (job) =>
      job.name === "sweep"
        ? `requeued ${await requeueUnsent(queue, options.db, options.sweepAfterMs)}`
        : notify(job as Job<NotifyJobData>),
    {
      connection,
      prefix: options.prefix,
      concurrency: NOTICE_CONCURRENCY,
      // Telegram allows about 30 messages per second per bot; leave room for replies.
      limiter: { max: 20, duration: 1000 },
    },
  );
  worker.on("error", (error) =>
    options.logger.warn({ err: error.message }, "status-notify worker error"),
  );
  worker.on("failed", (job, error) => {
    if (job?.name === "sweep")
      options.logger.warn({ err: error.message }, "status-notify sweep failed");
  });
  // The outbox sweep: re-queue notices whose job was lost between the SQLite commit and the
  // queue (job IDs are deterministic and the claim row decides, so nothing is sent twice). A
  // job scheduler, so that one sweep runs per interval however many instances are up.
  await queue.upsertJobScheduler(
    "outbox-sweep",
    { every: options.sweepIntervalMs ?? 30_000 },
    { name: "sweep", data: {}, opts: { attempts: 1, removeOnComplete: true, removeOnFail: true } },
  );
  return {
    worker,
    async close() {
      await worker.close();
      await queue.close();
      connection.disconnect();
    },
  };
}
