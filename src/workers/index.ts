import { autoRetry } from "@grammyjs/auto-retry";
import { Api } from "grammy";
import type { Translate } from "../broadcasts/message.ts";
import { parseQuietHours } from "../broadcasts/quiet-hours.ts";
import { createTelegramSender } from "../broadcasts/telegram-sender.ts";
import type { HandoffChannel } from "../db/tables/handoff.ts";
import type { AppDeps } from "../deps.ts";
import { startAnalyticsPurge } from "./analytics-purge.ts";
import { type BroadcastRuntimeOptions, startBroadcastWorkers } from "./broadcast-runtime.ts";
import {
  type HandoffDeliveryOptions,
  type HandoffSender,
  startHandoffDelivery,
  telegramHandoffSender,
} from "./handoff-delivery.ts";
import { type StatusWorkerOptions, type Stoppable, startStatusWorkers } from "./status.ts";

export interface WorkersOptions {
  status?: StatusWorkerOptions;
  /** Tests: a unique prefix, faster schedulers. */
  broadcasts?: Partial<BroadcastRuntimeOptions>;
  /** Tests: faster sweeps and position updates. */
  handoff?: Partial<HandoffDeliveryOptions>;
  /**
   * Senders of channels that start after the workers (the web chat's, on the bot's own API);
   * looked up at delivery time, so a sender added later is used from then on.
   */
  handoffSenders?: Partial<Record<HandoffChannel, HandoffSender>>;
}

/**
 * Starts every BullMQ worker of this process on the app's dependencies: status lookups and
 * stage notices, broadcast fan-out and sending, and their job schedulers. Returns the parts in
 * start order for the shutdown stack (workers stop before the producers' queues close).
 */
export async function startWorkers(
  deps: AppDeps,
  options: WorkersOptions = {},
): Promise<Stoppable[]> {
  const { config } = deps;
  const status = await startStatusWorkers(deps, options.status);
  const sender = config.BOT_TOKEN
    ? createTelegramSender(
        new Api(config.BOT_TOKEN, { apiRoot: config.TELEGRAM_API_ROOT, timeoutSeconds: 15 }),
      )
    : undefined;
  const quietHours = parseQuietHours(config.QUIET_HOURS, config.QUIET_HOURS_TIMEZONE);
  const t: Translate = (language, key, variables) => deps.i18n.t(language, key, variables);
  const broadcasts = await startBroadcastWorkers({
    db: deps.db,
    logger: deps.logger.child({ area: "broadcasts" }),
    redisUrl: deps.redisUrl,
    ...(sender ? { sender } : {}),
    t,
    catalogue: () => deps.knowledge.current().catalogue,
    ratePerSecond: config.BROADCAST_RATE_PER_SECOND,
    concurrency: config.BROADCAST_CONCURRENCY,
    ...(quietHours ? { quietHours } : {}),
    timeZone: config.QUIET_HOURS_TIMEZONE,
    daysBeforeClose: config.REMINDER_DAYS_BEFORE_CLOSE,
    ...options.broadcasts,
  });
  const analyticsPurge = await startAnalyticsPurge({
    db: deps.db,
    logger: deps.logger.child({ area: "analytics" }),
    redisUrl: deps.redisUrl,
    retentionDays: config.ANALYTICS_RETENTION_DAYS,
  });
  const handoffApi = config.BOT_TOKEN
    ? new Api(config.BOT_TOKEN, { apiRoot: config.TELEGRAM_API_ROOT, timeoutSeconds: 15 })
    : undefined;
  // Telegram's "retry after" is waited out inside the job, keeping the chat's order.
  handoffApi?.config.use(autoRetry({ maxRetryAttempts: 5, maxDelaySeconds: 30 }));
  const handoff = await startHandoffDelivery({
    db: deps.db,
    redisUrl: deps.redisUrl,
    prefix: deps.handoff.deliveryPrefix,
    logger: deps.logger.child({ area: "handoff" }),
    i18n: deps.i18n,
    knowledge: deps.knowledge,
    senders: Object.assign(
      options.handoffSenders ?? {},
      handoffApi ? { telegram: telegramHandoffSender(handoffApi) } : {},
    ),
    ...options.handoff,
  });
  return [
    ...status.parts,
    { name: "broadcast workers", stop: () => broadcasts.close() },
    { name: "analytics purge", stop: () => analyticsPurge.close() },
    { name: "handoff delivery", stop: () => handoff.close() },
  ];
}
