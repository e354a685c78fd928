import type { AppDeps } from "../deps.ts";
import {
  createInformationSystemAdapter,
  type InformationSystemAdapter,
  parseSystemsSetting,
} from "../external/adapter.ts";
import { loadCatalogue } from "../knowledge/catalogue.ts";
import { startStatusLookupWorker } from "../workers/status-lookup.ts";
import {
  createTelegramNoticeSender,
  type StageNoticeSender,
  startStatusNotifyWorker,
} from "../workers/status-notify.ts";
import { loadDemoApplications } from "./import.ts";
import { createStatusLookups, type StatusLookups } from "./lookups.ts";

export interface StatusServiceOptions {
  prefix?: string;
  /** Tests pass a recorder; by default notices go through the Bot API when BOT_TOKEN is set. */
  send?: StageNoticeSender;
  attempts?: number;
  backoffMs?: number;
  lockDuration?: number;
  stalledInterval?: number;
  drainDelay?: number;
  /** Default: DEMO_DATA. The CLI loads the demo only into an empty registry. */
  loadDemo?: boolean;
  /** False when workers run elsewhere (the app); only the producer side starts, no worker at all. */
  startWorker?: boolean;
}

/** The adapters named in INFORMATION_SYSTEMS, one per information system. */
export function createAdapters(config: AppDeps["config"]): Map<string, InformationSystemAdapter> {
  const adapters = new Map<string, InformationSystemAdapter>();
  for (const [name, baseUrl] of parseSystemsSetting(config.INFORMATION_SYSTEMS)) {
    adapters.set(
      name,
      createInformationSystemAdapter({
        name,
        baseUrl,
        timeoutMs: config.INFORMATION_SYSTEM_TIMEOUT_MS,
        retries: config.INFORMATION_SYSTEM_RETRIES,
      }),
    );
  }
  return adapters;
}

/**
 * Starts the status service: the producer API, the `status-lookup` worker and the
 * `status-notify` worker. Returns the parts to push onto the app's shutdown stack, in start
 * order (workers close before the queues they use).
 */
export async function startStatusService(deps: AppDeps, options: StatusServiceOptions = {}) {
  const { config, logger, db } = deps;
  // The command line starts without a catalogue; refusal grounds still come from it.
  const fallbackCatalogue = deps.catalogue ? undefined : await loadCatalogue(config.KNOWLEDGE_DIR);
  const catalogue = () => deps.catalogue ?? fallbackCatalogue;
  const stageRules = {
    refusalGrounds: (serviceId: string) =>
      catalogue()?.getService(serviceId)?.refusalGrounds.length,
  };
  if (options.loadDemo ?? config.DEMO_DATA) {
    const demoCatalogue = catalogue();
    const count = await loadDemoApplications(db, config.PHONE_HASH_SECRET, {
      ...(demoCatalogue ? { catalogue: demoCatalogue } : {}),
    });
    logger.info({ count }, "demo applications loaded (see docs/status.md)");
  }
  const lookups: StatusLookups = createStatusLookups({
    db,
    redis: deps.redis,
    redisUrl: deps.redisUrl,
    config,
    logger: logger.child({ component: "status" }),
    prefix: options.prefix ?? config.STATUS_QUEUE_PREFIX,
    stageRules,
    ...(deps.metrics ? { latency: deps.metrics.lookupLatency } : {}),
    ...(options.attempts ? { attempts: options.attempts } : {}),
    ...(options.backoffMs ? { backoffMs: options.backoffMs } : {}),
  });
  deps.queues?.add(lookups.queue);
  deps.queues?.add(lookups.notifyQueue);
  const lookupWorker =
    options.startWorker === false
      ? undefined
      : startStatusLookupWorker({
          db,
          redis: deps.redis,
          redisUrl: deps.redisUrl,
          config,
          logger: logger.child({ component: "status-lookup" }),
          prefix: lookups.prefix,
          adapters: createAdapters(config),
          lookups,
          ...(options.lockDuration ? { lockDuration: options.lockDuration } : {}),
          ...(options.stalledInterval ? { stalledInterval: options.stalledInterval } : {}),
          ...(options.drainDelay ? { drainDelay: options.drainDelay } : {}),
        });
  const send = options.send ?? createTelegramNoticeSender(config);
  const notifyWorker =
    send && options.startWorker !== false
      ? startStatusNotifyWorker({
          db,
          redisUrl: deps.redisUrl,
          prefix: lookups.prefix,
          logger,
          send,
        })
      : undefined;
  if (!send)
    logger.info("stage-change notices are queued but not sent: set BOT_TOKEN to send them");
  return {
    lookups,
    lookupWorker,
    notifyWorker,
    parts: [
      { name: "status lookups (queues)", stop: () => lookups.close() },
      ...(lookupWorker ? [{ name: "status-lookup worker", stop: () => lookupWorker.close() }] : []),
      ...(notifyWorker ? [{ name: "status-notify worker", stop: () => notifyWorker.close() }] : []),
    ],
  };
}
