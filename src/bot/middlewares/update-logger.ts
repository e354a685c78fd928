import type { MiddlewareFn } from "grammy";
import type { Logger } from "../../logger.ts";
import type { BotContext } from "../context.ts";

/** What kind of update this is, without any of its content. */
function updateKind(ctx: BotContext): string {
  if (ctx.callbackQuery) return "callback";
  if (ctx.message?.text?.startsWith("/")) return "command";
  if (ctx.message?.text) return "text";
  if (ctx.message?.sticker) return "sticker";
  if (ctx.message) return "message";
  return Object.keys(ctx.update).find((key) => key !== "update_id") ?? "unknown";
}

/**
 * Gives every update a child logger carrying only its id and kind (never the text, the name or
 * the user id, which are personal data) and logs how long it took.
 */
export function updateLogger(logger: Logger): MiddlewareFn<BotContext> {
  return (ctx, next) => {
    // Made on first use: most updates log nothing, and a child logger per update is not free.
    let log: Logger | undefined;
    Object.defineProperty(ctx, "log", {
      configurable: true,
      get: () => {
        log ??= logger.child({ update: ctx.update.update_id, kind: updateKind(ctx) });
        return log;
      },
    });
    // Without debug logging nothing waits for the update to finish.
    if (!logger.isLevelEnabled("debug")) return next();
    const started = performance.now();
    return next().then(() =>
      ctx.log.debug({ ms: Math.round(performance.now() - started) }, "update handled"),
    );
  };
}
