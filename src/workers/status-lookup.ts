import { type Job, UnrecoverableError, Worker } from "bullmq";

import {
  type LookupJobData,
  lookupJobDataSchema,
  STATUS_LOOKUP_QUEUE,
} from "../applications/lookup-queue.ts";

import { type Application, getApplication, getStageHistory } from "../applications/registry.ts";
import type { RegistryOperations } from "../applications/registry-operations.ts";
import {
  buildStatus,
  type LiveStage,
  type LookupResult,
  liveFromRegistry,
} from "../applications/status.ts";
import { statusKeys } from "../applications/status-keys.ts";
import type { Config } from "../config.ts";
import type { Db } from "../db/database.ts";
import { ExternalSystemError, type InformationSystemAdapter } from "../external/adapter.ts";
import { createWorkerConnection, type Redis } from "../infra/redis.ts";
import type { Logger } from "../logger.ts";

/**
 * What a lookup resolves to, and what the short cache keeps. The stage history is read only
 * for the detailed view: a coarse entry has none, and a detailed lookup that finds one in the
 * cache reads the history then.
 */
interface Cached {
  application: Application;
  live: LiveStage;
  withHistory: boolean;
}

export interface StatusLookupProcessorDeps {
  db: Db;
  /** Connection for the cache and counters. */
  redis: Redis;
  config: Config;
  logger: Logger;
  prefix: string;
  adapters: Map<string, InformationSystemAdapter>;
  /** Used to record stage changes an information system reports (audited, notified once). */
  registry: Pick<RegistryOperations, "moveStage">;
  now?: () => Date;
}

/**
 * Resolves one lookup: the short Redis cache, else the registry, then the application's
 * information system when it has one. External failures throw so BullMQ retries with backoff;
 * what can never succeed throws UnrecoverableError.
 */
export function createStatusLookupProcessor(deps: StatusLookupProcessorDeps) {
  const keys = statusKeys(deps.prefix);
  const now = deps.now ?? (() => new Date());

  const cacheTtl = deps.config.STATUS_CACHE_TTL_SECONDS;

  async function resolveLive(
    applicationId: string,
    withHistory: boolean,
  ): Promise<Cached | undefined> {
    // With the cache off nothing is ever written to it, so it is not read either.
    const cachedText = cacheTtl > 0 ? await deps.redis.get(keys.cache(applicationId)) : null;
    if (cachedText) {
      const cached = JSON.parse(cachedText) as Cached;
      if (cached.withHistory || !withHistory) return cached;
      const history = await getStageHistory(deps.db, applicationId);
      return { ...cached, live: liveFromRegistry(cached.application, history), withHistory };
    }
    let application = await getApplication(deps.db, applicationId);
    if (!application) return undefined;
    const adapter = application.external_system
      ? deps.adapters.get(application.external_system)
      : undefined;
    if (adapter && application.external_ref) {
      const external = await adapter.fetchStatus(application.external_ref);
      if (
        external &&
        (external.stage !== application.stage ||
          external.refusalGround !== application.refusal_ground)
      ) {
        await deps.registry.moveStage({
          applicationId,
          stage: external.stage,
          actor: `external:${adapter.name}`,
          refusalGround: external.refusalGround,
          at: external.stageAt,
        });
        application = (await getApplication(deps.db, applicationId)) ?? application;
      }
    }
    const history = withHistory ? await getStageHistory(deps.db, applicationId) : [];
    // Hashes stay in the database: the cache holds only what a status view needs.
    const entry: Cached = {
      application: { ...application, phone_hash: null, pin_hash: null },
      live: liveFromRegistry(application, history),
      withHistory,
    };
    if (cacheTtl > 0) {
      await deps.redis.set(keys.cache(applicationId), JSON.stringify(entry), "EX", cacheTtl);
    }
    return entry;
  }

  return async function process(job: Job<LookupJobData, LookupResult>): Promise<LookupResult> {
    const parsed = lookupJobDataSchema.safeParse(job.data);
    if (!parsed.success) throw new UnrecoverableError("malformed lookup job");
    const { applicationId, view } = parsed.data;
    let entry: Cached | undefined;
    try {
      entry = await resolveLive(applicationId, view === "detailed");
    } catch (error) {
      if (error instanceof ExternalSystemError && !error.retryable)
        throw new UnrecoverableError(error.message);
      deps.logger.warn(
        { jobId: job.id, attempt: job.attemptsMade + 1, err: (error as Error).message },
        "status lookup attempt failed",
      );
      throw error;
    }
    // Already counted toward the requester's enumeration budget when it was requested.
    if (!entry) return { outcome: "not_found" };
    return view === "detailed"
      ? {
          outcome: "found",
          view,
          status: buildStatus(entry.application, entry.live, "detailed", now()),
        }
      : {
          outcome: "found",
          view,
          status: buildStatus(entry.application, entry.live, "coarse", now()),
        };
  };
}

export interface StatusLookupWorkerOptions extends StatusLookupProcessorDeps {
  redisUrl: string;
  concurrency?: number;
  /** Shorter in tests so a killed worker's job is picked up quickly. */
  lockDuration?: number;
  stalledInterval?: number;
  /** Seconds a worker blocks waiting for jobs (BullMQ's drainDelay). */
  drainDelay?: number;
}

/** Starts the `status-lookup` worker on its own blocking connection (maxRetriesPerRequest: null). */
export function startStatusLookupWorker(options: StatusLookupWorkerOptions) {
  const connection = createWorkerConnection(options.redisUrl, options.logger);
  // The cache and counters go through this patient connection too: a worker waits out a
  // Redis outage instead of burning its attempts on it.
  const processor = createStatusLookupProcessor({ ...options, redis: connection });
  const worker = new Worker<LookupJobData, LookupResult>(STATUS_LOOKUP_QUEUE, processor, {
    connection,
    prefix: options.prefix,
    concurrency: options.concurrency ?? options.config.STATUS_LOOKUP_CONCURRENCY,
    ...(options.lockDuration ? { lockDuration: options.lockDuration } : {}),
    ...(options.stalledInterval ? { stalledInterval: options.stalledInterval } : {}),
    ...(options.drainDelay ? { drainDelay: options.drainDelay } : {}),
    maxStalledCount: 2,
  });
  worker.on("error", (error) =>
    options.logger.warn({ err: error.message }, "status-lookup worker error"),
  );
  worker.on("failed", (job, error) => {
    if (job && job.attemptsMade >= (job.opts.attempts ?? 1)) {
      options.logger.warn(
        { jobId: job.id, err: error.message },
        "status lookup failed after every attempt",
      );
    }
  });
  return {
    worker,
    async close() {
      await worker.close();
      connection.disconnect();
    },
  };
}
