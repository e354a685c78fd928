import { type Job, Worker } from "bullmq";
import { Api } from "grammy";
import { type NotifyJobData, STATUS_NOTIFY_QUEUE } from "../applications/lookups.ts";
import {
  claimNotification,
  getApplication,
  releaseNotification,
} from "../applications/registry.ts";
import type { Stage } from "../applications/stages.ts";
import type { Config } from "../config.ts";
import type { Db } from "../db/database.ts";
import { createI18n } from "../i18n.ts";
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
export function createTelegramNoticeSender(config: Config): StageNoticeSender | undefined {
  if (!config.BOT_TOKEN) return undefined;
  const api = new Api(config.BOT_TOKEN, { apiRoot: config.TELEGRAM_API_ROOT });
  const i18n = createI18n(config.LOCALES_DIR);
  return async ({ userId, language, applicationId, stage }) => {
    const stageName = i18n.t(language, `status-stage-${stage.replace(/_/g, "-")}`);
    await api.sendMessage(
      userId,
      i18n.t(language, "status-notice-stage-changed", { id: applicationId, stage: stageName }),
    );
  };
}

export function startStatusNotifyWorker(options: {
  db: Db;
  redisUrl: string;
  prefix: string;
  logger: Logger;
  send: StageNoticeSender;
}) {
  const connection = createWorkerConnection(options.redisUrl, options.logger);
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
  return {
    worker,
    async close() {
      await worker.close();
      connection.disconnect();
    },
  };
}
