import type { I18n } from "@grammyjs/i18n";
import { createStatusLookups, type StatusLookups } from "../applications/lookups.ts";
import {
  createRegistryOperations,
  type RegistryOperations,
  stageRulesOf,
} from "../applications/registry-operations.ts";
import type { Config } from "../config.ts";
import type { Db } from "../db/database.ts";
import {
  createInformationSystemAdapter,
  type InformationSystemAdapter,
  parseSystemsSetting,
} from "../external/adapter.ts";
import { createClientConnection, type Redis } from "../infra/redis.ts";
import { type Catalogue, loadCatalogue } from "../knowledge/catalogue.ts";
import type { InformationSystemRecord } from "../knowledge/schemas.ts";
import type { Logger } from "../logger.ts";
import type { Metrics, QueueRegistry } from "../metrics/registry.ts";
import { startStatusLookupWorker } from "./status-lookup.ts";
import {
  createNotifyQueue,
  type StageNoticeSender,
  startStatusNotifyWorker,
} from "./status-notify.ts";

/**
 * The adapters named in INFORMATION_SYSTEMS, one per information system; each maps statuses
 * with its system's codes in the current catalogue.
 */
export function createAdapters(
  config: Config,
  systems: () => readonly InformationSystemRecord[],
): Map<string, InformationSystemAdapter> {
  const adapters = new Map<string, InformationSystemAdapter>();
  for (const [name, baseUrl] of parseSystemsSetting(config.INFORMATION_SYSTEMS)) {
    adapters.set(
      name,
      createInformationSystemAdapter({
        name,
        statuses: () => systems().find((system) => system.id === name)?.statuses ?? {},
        baseUrl,
        timeoutMs: config.INFORMATION_SYSTEM_TIMEOUT_MS,
        retries: config.INFORMATION_SYSTEM_RETRIES,
      }),
    );
  }
  return adapters;
}

/** A part of the running system that the shutdown stack stops. */
export interface Stoppable {
  name: string;
  stop(): Promise<unknown>;
}

export interface StatusWorkerDeps {
  config: Config;
  logger: Logger;
  db: Db;
  redis: Redis;
  redisUrl: string;
  i18n: I18n;
  statusLookups: StatusLookups;
  registry: RegistryOperations;
  /** The catalogue holder (the app's) or one fixed catalogue (the CLI, tests). */
  knowledge: { current(): { catalogue: Catalogue } };
}

export interface StatusWorkerOptions {
  /** The app's outbound Api, or a test's recorder; without either notices wait unsent. */
  send?: StageNoticeSender;
  lockDuration?: number;
  stalledInterval?: number;
  drainDelay?: number;
}

/**
 * Starts the `status-lookup` and `status-notify` workers on the producer's prefix. Returns
 * the parts in start order, for the shutdown stack.
 */
export async function startStatusWorkers(
  deps: StatusWorkerDeps,
  options: StatusWorkerOptions = {},
) {
  const { config, logger, db, statusLookups } = deps;
  const { send, ...workerOptions } = options;
  const lookupWorker = startStatusLookupWorker({
    db,
    redis: deps.redis,
    redisUrl: deps.redisUrl,
    config,
    logger: logger.child({ component: "status-lookup" }),
    prefix: statusLookups.prefix,
    adapters: createAdapters(config, () => deps.knowledge.current().catalogue.informationSystems),
    registry: deps.registry,
    ...workerOptions,
  });
  const notifyWorker = send
    ? await startStatusNotifyWorker({
        db,
        redisUrl: deps.redisUrl,
        prefix: statusLookups.prefix,
        logger,
        send,
      })
    : undefined;
  if (!send) logger.info("stage-change notices are queued but not sent: no outbound Api was given");
  const parts: Stoppable[] = [
    { name: "status-lookup worker", stop: () => lookupWorker.close() },
    ...(notifyWorker ? [{ name: "status-notify worker", stop: () => notifyWorker.close() }] : []),
  ];
  return { lookupWorker, notifyWorker, parts };
}

export interface LookupWorkerAloneDeps {
  config: Config;
  logger: Logger;
  db: Db;
  redisUrl: string;
  /** The producers' prefix (`StatusLookups.prefix`). */
  prefix: string;
  /** Its information systems' status codes and the refusal grounds the stage machine checks. */
  catalogue: Catalogue;
}

/**
 * The status-lookup worker on its own, with the registry operations and information-system
 * adapters it needs built here: for a process that runs nothing else (the status bench's
 * worker, a test's worker killed mid-job and the one that takes over). Stage changes an
 * information system reports are queued as notices for a status-notify worker elsewhere.
 * `close` closes everything it opened.
 */
export function startLookupWorkerAlone(
  deps: LookupWorkerAloneDeps,
  options: Omit<StatusWorkerOptions, "send"> & { concurrency?: number } = {},
) {
  const { config, logger, db, prefix, catalogue } = deps;
  const redis = createClientConnection(deps.redisUrl, logger);
  const notifyQueue = createNotifyQueue(redis, prefix);
  const lookupWorker = startStatusLookupWorker({
    db,
    redis,
    redisUrl: deps.redisUrl,
    config,
    logger: logger.child({ component: "status-lookup" }),
    prefix,
    adapters: createAdapters(config, () => catalogue.informationSystems),
    registry: createRegistryOperations({
      db,
      logger: logger.child({ component: "registry" }),
      stageRules: stageRulesOf(() => catalogue),
      redis,
      prefix,
      notifyQueue,
    }),
    ...options,
  });
  return {
    worker: lookupWorker.worker,
    async close() {
      await lookupWorker.close();
      await notifyQueue.close();
      redis.disconnect();
    },
  };
}

export interface StatusServiceOptions extends StatusWorkerOptions {
  prefix?: string;
  attempts?: number;
  backoffMs?: number;
  /** False when workers run elsewhere; only the producer side starts. */
  startWorker?: boolean;
  /** The catalogue whose refusal grounds the stage machine checks; else read from KNOWLEDGE_DIR. */
  catalogue?: Catalogue;
}

/**
 * The producers (lookups, registry operations) and, unless `startWorker` is false, both
 * workers: for the CLI and the tests that run the status service without the rest of the app.
 */
export async function startStatusService(
  deps: Omit<StatusWorkerDeps, "statusLookups" | "registry" | "knowledge"> & {
    metrics?: Metrics;
    queues?: QueueRegistry;
  },
  options: StatusServiceOptions = {},
) {
  const lookups = createStatusLookups({
    db: deps.db,
    redis: deps.redis,
    redisUrl: deps.redisUrl,
    config: deps.config,
    logger: deps.logger.child({ component: "status" }),
    prefix: options.prefix ?? deps.config.STATUS_QUEUE_PREFIX,
    ...(deps.metrics ? { latency: deps.metrics.lookupLatency } : {}),
    ...(options.attempts ? { attempts: options.attempts } : {}),
    ...(options.backoffMs ? { backoffMs: options.backoffMs } : {}),
  });
  const notifyQueue = createNotifyQueue(deps.redis, lookups.prefix);
  const catalogue =
    options.catalogue ??
    (await loadCatalogue(deps.config.KNOWLEDGE_DIR, { cacheDir: deps.config.CACHE_DIR }));
  const registry = createRegistryOperations({
    db: deps.db,
    logger: deps.logger.child({ component: "registry" }),
    stageRules: stageRulesOf(() => catalogue),
    redis: deps.redis,
    prefix: lookups.prefix,
    notifyQueue,
  });
  deps.queues?.add(lookups.queue);
  deps.queues?.add(notifyQueue);
  const workers =
    options.startWorker === false
      ? undefined
      : await startStatusWorkers(
          {
            ...deps,
            statusLookups: lookups,
            registry,
            knowledge: { current: () => ({ catalogue }) },
          },
          options,
        );
  return {
    lookups,
    registry,
    notifyQueue,
    lookupWorker: workers?.lookupWorker,
    notifyWorker: workers?.notifyWorker,
    parts: [
      { name: "status lookups (queues)", stop: () => lookups.close() },
      { name: "status-notify queue", stop: () => notifyQueue.close() },
      ...(workers?.parts ?? []),
    ] as Stoppable[],
  };
}
