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
import {
  createClientConnection,
  createWorkerConnection,
  queuePrefix,
  type Redis,
} from "../infra/redis.ts";
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
  /** The current catalogue, read at each reminders job (an administrator may reload it). */
  catalogue: () => Pick<Catalogue, "admissionWindows">;
  ratePerSecond: number;
  concurrency: number;
  quietHours?: QuietHours;
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

/** The producer side: the console and the CLI create and cancel campaigns through it. */
export interface BroadcastProducer {
  service: BroadcastService;
  campaignQueue: Queue<StartJobData>;
  sendQueue: Queue<SendJobData>;
  close(): Promise<void>;
}

/**
 * Queues on the app's fail-fast client connection (a campaign is recorded in SQLite even when
 * Redis is away; the reconcile job starts it later) and the service over them.
 */
export function createBroadcastProducer(options: {
  db: Db;
  logger: Logger;
  connection: Redis;
  prefix?: string;
  sendAttempts?: number;
  sendBackoffMs?: number;
  now?: () => Date;
}): BroadcastProducer {
  const prefix = queuePrefix(options.connection, options.prefix);
  const campaignQueue = createCampaignQueue(options.connection, prefix);
  const sendQueue = createSendQueue(options.connection, prefix, {
    ...(options.sendAttempts ? { attempts: options.sendAttempts } : {}),
    ...(options.sendBackoffMs ? { backoffMs: options.sendBackoffMs } : {}),
  });
  for (const queue of [campaignQueue, sendQueue])
    queue.on("error", (error) =>
      options.logger.warn({ queue: queue.name, err: error.message }, "broadcast queue error"),
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
    async close() {
      await campaignQueue.close();
      await sendQueue.close();
    },
  };
}

export type BroadcastWorkersOptions = BroadcastRuntimeOptions;

export interface BroadcastWorkers {
  sendWorker: Worker<SendJobData> | undefined;
  campaignWorker: Worker<StartJobData>;
  close(): Promise<void>;
}

/**
 * Both workers on worker connections (they wait out a Redis outage), the queues the campaign
 * worker fans out into, and the two job schedulers (reminders, reconcile).
 */
export async function startBroadcastWorkers(
  options: BroadcastWorkersOptions,
): Promise<BroadcastWorkers> {
  const { logger } = options;
  const prefix = queuePrefix(options.redisUrl, options.prefix);
  const queueConnection = createWorkerConnection(options.redisUrl, logger);
  const campaignConnection = createWorkerConnection(options.redisUrl, logger);
  const sendConnection = createWorkerConnection(options.redisUrl, logger);
  const campaignQueue = createCampaignQueue(queueConnection, prefix);
  // The fan-out adds the send jobs: their retries are this queue's defaults.
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
  return {
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

/** Producer and workers together on one prefix (tests and benches that run only broadcasts). */
export async function startBroadcastRuntime(
  options: BroadcastRuntimeOptions,
): Promise<BroadcastRuntime> {
  const connection = createClientConnection(options.redisUrl, options.logger);
  const producer = createBroadcastProducer({ ...options, connection });
  const workers = await startBroadcastWorkers(options);
  return {
    service: producer.service,
    campaignQueue: producer.campaignQueue,
    sendQueue: producer.sendQueue,
    sendWorker: workers.sendWorker,
    campaignWorker: workers.campaignWorker,
    async close() {
      await workers.close();
      await producer.close();
      await connection.quit().catch(() => connection.disconnect());
    },
  };
}
