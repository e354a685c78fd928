import type { Context, MiddlewareFn } from "grammy";
import type { Metrics } from "./registry.ts";

/**
 * Counts every Telegram update by its type (`message`, `callback_query`, `my_chat_member`...)
 * into `qoldau_bot_updates_total`. Register it first: `bot.use(botMetrics(deps.metrics))`.
 */
export function botMetrics(metrics: Metrics): MiddlewareFn<Context> {
  // Not async: counted before the update runs, so it need not wait for it (no frame kept).
  return (ctx, next) => {
    const type = Object.keys(ctx.update).find((key) => key !== "update_id") ?? "unknown";
    metrics.botUpdates.inc({ type });
    return next();
  };
}
