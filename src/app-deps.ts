import type { I18n } from "@grammyjs/i18n";
import { listAdmissionWindowOverrides } from "./admission/window-overrides.ts";
import { approvedPhrasings } from "./analytics/knowledge-tasks.ts";
import { createQuestionLog } from "./analytics/question-log.ts";
import { createStatusLookups } from "./applications/lookups.ts";
import { createRegistryOperations, stageRulesOf } from "./applications/registry-operations.ts";
import { type AnswerServiceFactory, createCatalogueHolder } from "./catalogue-holder.ts";
import type { Config } from "./config.ts";
import type { Db } from "./db/database.ts";
import type { AppDeps } from "./deps.ts";
import { createFeedbackStore } from "./feedback/feedback.ts";
import { type FlowSet, loadFlows, unknownServices } from "./flows/flows.ts";
import { createHandoffEvents } from "./handoff/events.ts";
import { createHandoffService } from "./handoff/service.ts";
import { createI18n } from "./i18n.ts";
import { queuePrefix, type Redis } from "./infra/redis.ts";
import type { Logger } from "./logger.ts";
import { createMetrics, createQueueRegistry } from "./metrics/registry.ts";
import { createBroadcastProducer } from "./workers/broadcast-runtime.ts";
import { createHandoffDeliveryQueue, deliveryProducer } from "./workers/handoff-delivery.ts";
import { createNotifyQueue } from "./workers/status-notify.ts";

/** What exists before the dependencies: the connections `startApp` (or a test) opened. */
export interface AppResources {
  config: Config;
  logger: Logger;
  db: Db;
  /** Fail-fast client connection: request handlers and every producer use it. */
  redis: Redis;
  redisUrl: string;
}

export interface AppDepsOptions {
  botStatus?: AppDeps["botStatus"];
  /** Builds the answer service per catalogue (tests: a slow or failing one). */
  answers?: AnswerServiceFactory;
  /** Flows already loaded; else read from `FLOWS_DIR`. */
  flows?: FlowSet;
  /** Redis key prefix of pending answers awaiting feedback (tests: a unique one). */
  feedbackPrefix?: string;
  /** BullMQ prefix of the status queues (tests: a unique one); else `STATUS_QUEUE_PREFIX`. */
  statusPrefix?: string;
  statusAttempts?: number;
  statusBackoffMs?: number;
  /** BullMQ prefix of the broadcast queues (tests: a unique one). */
  broadcastPrefix?: string;
  /** BullMQ prefix of the handoff delivery queue and its events channel (tests: a unique one). */
  handoffPrefix?: string;
}

/**
 * The composition root: builds every dependency once, complete, for every transport. Workers
 * start separately (`startWorkers`) on the same object; nothing is added to it afterwards.
 */
export async function createAppDeps(
  resources: AppResources,
  options: AppDepsOptions = {},
): Promise<{ deps: AppDeps; close(): Promise<void> }> {
  const { config, logger, db, redis } = resources;
  const i18n: I18n = createI18n(config.LOCALES_DIR);
  const knowledge = await createCatalogueHolder({
    config,
    logger,
    i18n,
    loadAdmissionWindowOverrides: () => listAdmissionWindowOverrides(db),
    loadSynonymAdditions: () => approvedPhrasings(db),
    ...(options.answers ? { answers: options.answers } : {}),
  });
  const closing: (() => Promise<void>)[] = [async () => knowledge.stop()];
  try {
    const flows =
      options.flows ?? (await loadFlows(config.FLOWS_DIR, { cacheDir: config.CACHE_DIR }));
    const reportUnknownServices = () => {
      const { catalogue } = knowledge.current();
      const missing = unknownServices(flows, (id) => catalogue.getService(id) !== undefined);
      if (missing.length > 0) logger.warn({ problems: missing }, "flows name unknown services");
    };
    reportUnknownServices();
    knowledge.onReload((_, cause) => {
      if (cause === "catalogue") reportUnknownServices();
    });

    const queues = createQueueRegistry();
    const metrics = createMetrics(queues);
    const statusLookups = createStatusLookups({
      db,
      redis,
      redisUrl: resources.redisUrl,
      config,
      logger: logger.child({ component: "status" }),
      prefix: options.statusPrefix ?? config.STATUS_QUEUE_PREFIX,
      latency: metrics.lookupLatency,
      ...(options.statusAttempts ? { attempts: options.statusAttempts } : {}),
      ...(options.statusBackoffMs ? { backoffMs: options.statusBackoffMs } : {}),
    });
    closing.push(() => statusLookups.close());
    queues.add(statusLookups.queue);
    const notifyQueue = createNotifyQueue(redis, statusLookups.prefix);
    closing.push(() => notifyQueue.close());
    queues.add(notifyQueue);
    const registry = createRegistryOperations({
      db,
      logger: logger.child({ component: "registry" }),
      stageRules: stageRulesOf(() => knowledge.current().catalogue),
      redis,
      prefix: statusLookups.prefix,
      notifyQueue,
    });

    const broadcasts = createBroadcastProducer({
      db,
      logger: logger.child({ area: "broadcasts" }),
      connection: redis,
      ...(options.broadcastPrefix ? { prefix: options.broadcastPrefix } : {}),
    });
    closing.push(() => broadcasts.close());
    queues.add(broadcasts.campaignQueue);
    queues.add(broadcasts.sendQueue);

    const handoffPrefix = queuePrefix(
      resources.redisUrl,
      options.handoffPrefix ?? "qoldau-handoff",
    );
    const deliveryQueue = createHandoffDeliveryQueue(redis, handoffPrefix);
    closing.push(() => deliveryQueue.close());
    queues.add(deliveryQueue);
    const handoffEvents = createHandoffEvents(
      redis,
      `${handoffPrefix}:handoff:events`,
      logger.child({ area: "handoff" }),
    );
    closing.push(() => handoffEvents.close());
    const handoff = createHandoffService({
      db,
      knowledge,
      events: handoffEvents,
      deliver: deliveryProducer(deliveryQueue),
      t: (lang, key, vars) => i18n.t(lang, key, vars),
      logger: logger.child({ area: "handoff" }),
      deliveryPrefix: handoffPrefix,
      presenceTimeoutMs: config.HANDOFF_PRESENCE_TIMEOUT_SECONDS * 1000,
    });

    const deps: AppDeps = {
      ...resources,
      knowledge,
      i18n,
      flows,
      feedback: createFeedbackStore(db, redis, options.feedbackPrefix),
      questionLog: createQuestionLog({ db, logger: logger.child({ component: "question-log" }) }),
      statusLookups,
      registry,
      broadcasts: broadcasts.service,
      handoff,
      botStatus: options.botStatus ?? (() => "off"),
      queues,
      metrics,
    };
    return {
      deps,
      async close() {
        for (const close of closing.reverse()) await close();
      },
    };
  } catch (error) {
    for (const close of closing.reverse()) await close();
    throw error;
  }
}
