import type { Context, MiddlewareFn } from "grammy";
import type { Metrics } from "./registry.ts";

/**
 * Counts every Telegram update by its type (`message`, `callback_query`, `my_chat_member`...)
 * into `qoldau_bot_updates_total`. Register it first: `bot.use(botMetrics(deps.metrics))`.
 */
export function botMetrics(metrics: Metrics): MiddlewareFn<Context> {
  // Not async: counted before the update runs, so it need not wait for it (no frame kept).
  // One labelled counter per update type, made once: no key array and no label object per update.
  const counters = new Map<string, { inc(): void }>();
  return (ctx, next) => {
    let type = "unknown";
    for (const key in ctx.update)
      if (key !== "update_id") {
        type = key;
        break;
      }
    let counter = counters.get(type);
    if (!counter) {
      counter = metrics.botUpdates.labels({ type });
      counters.set(type, counter);
    }
    counter.inc();
    return next();
  };
}
