import type { I18n } from "@grammyjs/i18n";
import type { QuestionLog } from "./analytics/question-log.ts";
import type { StatusLookups } from "./applications/lookups.ts";
import type { RegistryOperations } from "./applications/registry-operations.ts";
import type { BroadcastService } from "./broadcasts/service.ts";
import type { CatalogueHolder } from "./catalogue-holder.ts";
import type { Config } from "./config.ts";
import type { Db } from "./db/database.ts";
import type { FeedbackStore } from "./feedback/feedback.ts";
import type { FlowSet } from "./flows/flows.ts";
import type { HandoffService } from "./handoff/service.ts";
import type { Redis } from "./infra/redis.ts";
import type { Logger } from "./logger.ts";
import type { Metrics, QueueRegistry } from "./metrics/registry.ts";

/**
 * What the transport layers (bot, HTTP console, CLI, workers) receive: built once, complete, by
 * `createAppDeps` (`app-deps.ts`) and passed down, never imported as globals nor changed after.
 * What changes at run time (the catalogue and what derives from it) is read through `knowledge`.
 */
export interface AppDeps {
  config: Config;
  logger: Logger;
  db: Db;
  /** Fail-fast connection for request handlers and producers. */
  redis: Redis;
  redisUrl: string;
  /**
   * The catalogue, its answer service and search index, working time and admission windows
   * (with the administrators' overrides), as one snapshot: call `knowledge.current()` at each
   * use; an administrator's reload swaps it for every transport at once.
   */
  knowledge: CatalogueHolder;
  /** The Fluent messages of `LOCALES_DIR`, loaded once for every transport. */
  i18n: I18n;
  /** Guided flows from `FLOWS_DIR`. */
  flows: FlowSet;
  /** Helpful / not helpful on answers. */
  feedback: FeedbackStore;
  /** Each question asked in the bot and the console search, scrubbed, for the analytics page. */
  questionLog: QuestionLog;
  /** Application status by ID (src/applications): lookups through the queue, consent. */
  statusLookups: StatusLookups;
  /** A provider's applications and their stage changes (audited, parents notified once). */
  registry: RegistryOperations;
  /** Reminder campaigns to subscribed parents (src/broadcasts): create, schedule, cancel. */
  broadcasts: BroadcastService;
  /** Talking to a 1414 operator (src/handoff): the queue, messages stored then delivered. */
  handoff: HandoffService;
  /** "off" without BOT_TOKEN; "polling" (holds the poller lease), "standby" (another instance polls) or "webhook". */
  botStatus(): "off" | "polling" | "standby" | "webhook";
  /** BullMQ queues of this process, for /metrics and the admins' bull-board. */
  queues: QueueRegistry;
  /** Prometheus metrics (answer and lookup latency, bot updates); served at /metrics. */
  metrics: Metrics;
}
