import type { I18n } from "@grammyjs/i18n";
import { type Job, Queue, Worker } from "bullmq";
import { Api } from "grammy";
import { type NotifyJobData, STATUS_NOTIFY_QUEUE } from "../applications/lookups.ts";
import {
  claimNotification,
  getApplication,
  releaseNotification,
  unsentNotifications,
} from "../applications/registry.ts";
import type { Stage } from "../applications/stages.ts";
import type { Config } from "../config.ts";
import type { Db } from "../db/database.ts";
import { createWorkerConnection } from "../infra/redis.ts";
import type { Logger } from "../logger.ts";

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
 * never sends twice. A failed send gives the claim back so the retry can send.
 */
export function createStatusNotifyProcessor(deps: {
  db: Db;
  send: StageNoticeSender;
  logger: Logger;
}) {
  return async function process(job: Job<NotifyJobData>) {
    const { stageEventId, applicationId, userId, language } = job.data;
    const application = await getApplication(deps.db, applicationId);
    if (!application) return "gone";
    if (!(await claimNotification(deps.db, stageEventId, userId))) return "already-sent";
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
    return "sent";
  };
}

/** A sender through the Bot API that does not need the bot's update loop. */
export function createTelegramNoticeSender(
  config: Config,
  i18n: I18n,
): StageNoticeSender | undefined {
  if (!config.BOT_TOKEN) return undefined;
  const api = new Api(config.BOT_TOKEN, { apiRoot: config.TELEGRAM_API_ROOT });
  return async ({ userId, language, applicationId, stage }) => {
    const stageName = i18n.t(language, `status-stage-${stage.replace(/_/g, "-")}`);
    // Stored as text; Telegram user ids fit in a double, and chat ids are numbers to the Bot API.
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
  queue: Queue<NotifyJobData>,
  db: Db,
  sweepAfterMs = 60_000,
): Promise<number> {
  const rows = await unsentNotifications(db, {
    olderThanMs: sweepAfterMs,
    newerThanMs: 86_400_000,
  });
  if (rows.length === 0) return 0;
  await queue.addBulk(
    rows.map((row) => ({
      name: "stage-changed",
      data: row,
      opts: {
        jobId: `n-${row.stageEventId}-${row.userId}`,
        attempts: 8,
        backoff: { type: "exponential", delay: 1000 },
      },
    })),
  );
  return rows.length;
}

export function startStatusNotifyWorker(options: StatusNotifyWorkerOptions) {
  const connection = createWorkerConnection(options.redisUrl, options.logger);
  const sweepQueue = new Queue<NotifyJobData>(STATUS_NOTIFY_QUEUE, {
    connection,
    prefix: options.prefix,
  });
  const worker = new Worker<NotifyJobData>(
    STATUS_NOTIFY_QUEUE,
    createStatusNotifyProcessor(options),
    {
      connection,
      prefix: options.prefix,
      concurrency: 4,
      // Telegram allows about 30 messages per second per bot; leave room for replies.
      limiter: { max: 20, duration: 1000 },
    },
  );
  worker.on("error", (error) =>
    options.logger.warn({ err: error.message }, "status-notify worker error"),
  );
  // The outbox sweep: re-queue notices whose job was lost between the SQLite commit and the
  // queue (job IDs are deterministic and the claim row decides, so nothing is sent twice).
  const sweep = setInterval(() => {
    void requeueUnsent(sweepQueue, options.db, options.sweepAfterMs).catch((error: unknown) =>
      options.logger.warn({ err: (error as Error).message }, "status-notify sweep failed"),
    );
  }, options.sweepIntervalMs ?? 30_000);
  sweep.unref();
  return {
    worker,
    async close() {
      clearInterval(sweep);
      await worker.close();
      await sweepQueue.close();
      connection.disconnect();
    },
  };
}
