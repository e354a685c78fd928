import { Queue, Worker } from "bullmq";
import { purgeAnalytics } from "../analytics/retention.ts";
import type { Db } from "../db/database.ts";
import { createWorkerConnection, queuePrefix } from "../infra/redis.ts";
import type { Logger } from "../logger.ts";
import { TIME_ZONE } from "../time/local-time.ts";

export const ANALYTICS_PURGE_QUEUE = "analytics-purge";
/** Once a day at a quiet hour, Almaty time. */
export const ANALYTICS_PURGE_PATTERN = "15 3 * * *";

export interface AnalyticsPurgeOptions {
  db: Db;
  logger: Logger;
  redisUrl: string;
  retentionDays: number;
  prefix?: string;
  /** The clock the purge measures age by (tests). */
  now?: () => Date;
}

/**
 * The daily analytics purge: a job scheduler (one run a day however many instances are up)
 * and its worker. The job carries no data; the retention comes from the config.
 */
export async function startAnalyticsPurge(options: AnalyticsPurgeOptions) {
  const { logger } = options;
  const connection = createWorkerConnection(options.redisUrl, logger);
  const prefix = { prefix: queuePrefix(options.redisUrl, options.prefix) };
  const queue = new Queue(ANALYTICS_PURGE_QUEUE, { connection, ...prefix });
  queue.on("error", (error) => logger.warn({ err: error.message }, "analytics-purge queue error"));
  const worker = new Worker(
    ANALYTICS_PURGE_QUEUE,
    async () => {
      const purged = await purgeAnalytics(options.db, {
        retentionDays: options.retentionDays,
        ...(options.now ? { now: options.now() } : {}),
      });
      logger.info({ ...purged, retentionDays: options.retentionDays }, "analytics purged");
      return purged;
    },
    { connection, ...prefix, concurrency: 1 },
  );
  worker.on("error", (error) =>
    logger.warn({ err: error.message }, "analytics-purge worker error"),
  );
  await queue.upsertJobScheduler(
    "analytics-purge-daily",
    { pattern: ANALYTICS_PURGE_PATTERN, tz: TIME_ZONE },
    { name: "purge", data: {}, opts: { attempts: 3, removeOnComplete: 10, removeOnFail: 10 } },
  );
  return {
    queue,
    worker,
    async close() {
      await worker.close();
      await queue.close();
      connection.disconnect();
    },
  };
}
