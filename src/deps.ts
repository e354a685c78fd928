import type { StatusLookups } from "./applications/lookups.ts";
import type { BroadcastService } from "./broadcasts/service.ts";
import type { Config } from "./config.ts";
import type { Db } from "./db/database.ts";
import type { Redis } from "./infra/redis.ts";
import type { AdmissionWindowOverride } from "./knowledge/admission-windows.ts";
import type { Catalogue } from "./knowledge/catalogue.ts";
import type { Logger } from "./logger.ts";
import type { Metrics, QueueRegistry } from "./metrics/registry.ts";

/**
 * What the transport layers (bot, HTTP console, CLI, workers) receive: built once
 * in `app.ts` and passed down, never imported as globals.
 */
export interface AppDeps {
  config: Config;
  logger: Logger;
  db: Db;
  /** Fail-fast connection for request handlers and producers. */
  redis: Redis;
  redisUrl: string;
  catalogue: Catalogue;
  /**
   * Admission windows administrators set (database), kept in memory and reloaded every
   * minute: pass it to `createAnswerService({ admissionWindowOverrides })`.
   */
  admissionWindowOverrides?: () => readonly AdmissionWindowOverride[];
  /** "off" without BOT_TOKEN, else "polling" or "webhook". */
  botStatus(): "off" | "polling" | "webhook";
  /** BullMQ queues of this process: add yours so /metrics and the admins' bull-board see it. */
  queues?: QueueRegistry;
  /** Prometheus metrics (answer and lookup latency, bot updates); served at /metrics. */
  metrics?: Metrics;
  /** Application status by ID (src/applications): lookups through the queue, consent, stages. */
  statusLookups?: StatusLookups;
  /** Reminder campaigns to subscribed parents (src/broadcasts): create, schedule, cancel. */
  broadcasts?: BroadcastService;
}
