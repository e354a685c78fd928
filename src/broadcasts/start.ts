import { Api } from "grammy";
import type { AppDeps } from "../deps.ts";
import { type BroadcastRuntime, startBroadcastRuntime } from "../workers/broadcast-runtime.ts";
import { createTranslate } from "./message.ts";
import { parseQuietHours } from "./quiet-hours.ts";
import { createTelegramSender } from "./telegram-sender.ts";

/**
 * Starts the broadcast queues, workers and schedulers from the config. Without BOT_TOKEN the
 * campaigns are recorded and queued but nothing is sent until a bot token is configured.
 */
export async function startBroadcasts(deps: AppDeps): Promise<BroadcastRuntime> {
  const { config } = deps;
  const sender = config.BOT_TOKEN
    ? createTelegramSender(
        new Api(config.BOT_TOKEN, { apiRoot: config.TELEGRAM_API_ROOT, timeoutSeconds: 15 }),
      )
    : undefined;
  const quietHours = parseQuietHours(config.QUIET_HOURS, config.QUIET_HOURS_TIMEZONE);
  const runtime = await startBroadcastRuntime({
    db: deps.db,
    logger: deps.logger.child({ area: "broadcasts" }),
    redisUrl: deps.redisUrl,
    ...(sender ? { sender } : {}),
    t: createTranslate(config.LOCALES_DIR),
    catalogue: deps.catalogue,
    ratePerSecond: config.BROADCAST_RATE_PER_SECOND,
    concurrency: config.BROADCAST_CONCURRENCY,
    ...(quietHours ? { quietHours } : {}),
    timeZone: config.QUIET_HOURS_TIMEZONE,
    daysBeforeClose: config.REMINDER_DAYS_BEFORE_CLOSE,
  });
  deps.queues?.add(runtime.campaignQueue);
  deps.queues?.add(runtime.sendQueue);
  return runtime;
}
