import type { Queue, Worker } from "bullmq";
import type { Translate } from "../broadcasts/message.ts";
import {
  createCampaignQueue,
  createSendQueue,
  type SendJobData,
  type StartJobData,
} from "../broadcasts/queues.ts";
import type { QuietHours } from "../broadcasts/quiet-hours.ts";
import { type BroadcastService, createBroadcastService } from "../broadcasts/service.ts";
import type { TelegramSender } from "../broadcasts/telegram-sender.ts";
import type { Db } from "../db/database.ts";
import { createWorkerConnection } from "../infra/redis.ts";
import type { Catalogue } from "../knowledge/catalogue.ts";
import type { Logger } from "../logger.ts";
import { createBroadcastCampaignWorker } from "./broadcast-campaign.ts";
import { createBroadcastSendWorker } from "./broadcast-send.ts";

export interface BroadcastRuntimeOptions {
  db: Db;
  logger: Logger;
  redisUrl: string;
  /** BullMQ key prefix; tests pass a unique one. */
  prefix?: string;
  /** Without a sender (no bot token) campaigns are recorded and queued but not sent. */
  sender?: TelegramSender;
  t: Translate;
  catalogue: Pick<Catalogue, "admissionWindows">;
  ratePerSecond: number;
  concurrency: number;
  quietHours?: QuietHours;
  timeZone: string;
  daysBeforeClose: number;
  /** How often the reminder job looks at the admission windows. */
  remindersEveryMs?: number;
  /** How often SQLite is compared with Redis for unfinished campaigns. */
  reconcileEveryMs?: number;
  quietRecheckMs?: number;
  lockDurationMs?: number;
  stalledIntervalMs?: number;
  fanoutPageSize?: number;
  sendAttempts?: number;
  /** First retry delay after a 5xx or network error; doubles each attempt. */
  sendBackoffMs?: number;
  now?: () => Date;
}

export interface BroadcastRuntime {
  service: BroadcastService;
  campaignQueue: Queue<StartJobData>;
  sendQueue: Queue<SendJobData>;
  sendWorker: Worker<SendJobData> | undefined;
  campaignWorker: Worker<StartJobData>;
  close(): Promise<void>;
}

/** Queues, both workers and the two job schedulers (reminders, reconcile). */
export async function startBroadcastRuntime(
  options: BroadcastRuntimeOptions,
): Promise<BroadcastRuntime> {
  const { logger, prefix } = options;
  const queueConnection = createWorkerConnection(options.redisUrl, logger);
  const campaignConnection = createWorkerConnection(options.redisUrl, logger);
  const sendConnection = createWorkerConnection(options.redisUrl, logger);
  const campaignQueue = createCampaignQueue(queueConnection, prefix);
  const sendQueue = createSendQueue(queueConnection, prefix, {
    ...(options.sendAttempts ? { attempts: options.sendAttempts } : {}),
    ...(options.sendBackoffMs ? { backoffMs: options.sendBackoffMs } : {}),
  });
  for (const queue of [campaignQueue, sendQueue])
    queue.on("error", (error) =>
      logger.warn({ queue: queue.name, err: error.message }, "broadcast queue error"),
    );
  const shared = {
    db: options.db,
    logger,
    prefix,
    ...(options.lockDurationMs ? { lockDurationMs: options.lockDurationMs } : {}),
    ...(options.stalledIntervalMs ? { stalledIntervalMs: options.stalledIntervalMs } : {}),
    ...(options.now ? { now: options.now } : {}),
  };
  const campaignWorker = createBroadcastCampaignWorker({
    ...shared,
    connection: campaignConnection,
    campaignQueue,
    sendQueue,
    catalogue: options.catalogue,
    t: options.t,
    timeZone: options.timeZone,
    daysBeforeClose: options.daysBeforeClose,
    ...(options.fanoutPageSize ? { fanoutPageSize: options.fanoutPageSize } : {}),
  });
  const sendWorker = options.sender
    ? createBroadcastSendWorker({
        ...shared,
        connection: sendConnection,
        sender: options.sender,
        t: options.t,
        ratePerSecond: options.ratePerSecond,
        concurrency: options.concurrency,
        ...(options.quietHours ? { quietHours: options.quietHours } : {}),
        ...(options.quietRecheckMs ? { quietRecheckMs: options.quietRecheckMs } : {}),
      })
    : undefined;
  await campaignQueue.upsertJobScheduler(
    "window-reminders",
    { every: options.remindersEveryMs ?? 3_600_000 },
    { name: "reminders", data: { campaignId: 0 } },
  );
  await campaignQueue.upsertJobScheduler(
    "reconcile",
    { every: options.reconcileEveryMs ?? 30_000 },
    { name: "reconcile", data: { campaignId: 0 } },
  );
  const service = createBroadcastService({
    db: options.db,
    campaignQueue,
    sendQueue,
    ...(options.now ? { now: options.now } : {}),
  });
  return {
    service,
    campaignQueue,
    sendQueue,
    sendWorker,
    campaignWorker,
    async close() {
      await sendWorker?.close();
      await campaignWorker.close();
      await campaignQueue.close();
      await sendQueue.close();
      for (const connection of [queueConnection, campaignConnection, sendConnection])
        await connection.quit().catch(() => connection.disconnect());
    },
  };
}
