import type { Api } from "grammy";
import { createTranslate } from "../broadcasts/message.ts";
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
import { createApiNoticeSender } from "./status-notify.ts";

export interface WorkersOptions {
  status?: StatusWorkerOptions;
  /** Tests: a unique prefix, faster schedulers. */
  broadcasts?: Partial<BroadcastRuntimeOptions>;
  /** Tests: faster sweeps and position updates. */
  handoff?: Partial<HandoffDeliveryOptions>;
  /**
   * The app's one outbound Api (`src/app.ts`): Telegram, and web chats through its web-chat
   * transformer. Stage notices, broadcasts and operators' messages all go through it; without
   * one (no bot at all) they are queued and wait.
   */
  api?: Api;
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
  const { api } = options;
  const status = await startStatusWorkers(deps, {
    ...(api ? { send: createApiNoticeSender(api, deps.i18n) } : {}),
    ...options.status,
  });
  const sender = api ? createTelegramSender(api) : undefined;
  const quietHours = parseQuietHours(config.QUIET_HOURS, config.QUIET_HOURS_TIMEZONE);
  const t = createTranslate(deps.i18n);
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
    daysBeforeClose: config.REMINDER_DAYS_BEFORE_CLOSE,
    ...options.broadcasts,
  });
  const analyticsPurge = await startAnalyticsPurge({
    db: deps.db,
    logger: deps.logger.child({ area: "analytics" }),
    redisUrl: deps.redisUrl,
    retentionDays: config.ANALYTICS_RETENTION_DAYS,
  });
  // One sender for both channels: the Api's transformer tells a web chat from a Telegram one.
  const handoffSender: HandoffSender | undefined = api ? telegramHandoffSender(api) : undefined;
  const senders: Partial<Record<HandoffChannel, HandoffSender>> = handoffSender
    ? { telegram: handoffSender, webchat: handoffSender }
    : {};
  const handoff = await startHandoffDelivery({
    db: deps.db,
    redisUrl: deps.redisUrl,
    prefix: deps.handoff.deliveryPrefix,
    logger: deps.logger.child({ area: "handoff" }),
    i18n: deps.i18n,
    knowledge: deps.knowledge,
    senders,
    ...options.handoff,
  });
  const handoffFromHere = deps.handoff.deliverFromHere(handoff.deliverNow);
  return [
    ...status.parts,
    { name: "broadcast workers", stop: () => broadcasts.close() },
    { name: "analytics purge", stop: () => analyticsPurge.close() },
    {
      name: "handoff delivery",
      stop: async () => {
        handoffFromHere();
        await handoff.close();
      },
    },
  ];
}
