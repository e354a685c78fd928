import type { MiddlewareFn } from "grammy";
import { Context } from "grammy";
import type { Logger } from "../../logger.ts";
import type { BotContext } from "../context.ts";

/** What kind of update this is, without any of its content. */
function updateKind(ctx: Context): string {
  if (ctx.callbackQuery) return "callback";
  if (ctx.message?.text?.startsWith("/")) return "command";
  if (ctx.message?.text) return "text";
  if (ctx.message?.sticker) return "sticker";
  if (ctx.message) return "message";
  return Object.keys(ctx.update).find((key) => key !== "update_id") ?? "unknown";
}

/**
 * The bot's context class (grammY's `ContextConstructor`): every update gets `ctx.log`, a child
 * logger carrying only its id and kind (never the text, the name or the user id, which are
 * personal data). Made on first use, since most updates log nothing; a getter on the class
 * rather than a property defined on each context, which cost a closure and a property
 * definition per update.
 */
export function contextWithLog(logger: Logger) {
  return class LoggedContext extends Context {
    #log: Logger | undefined;
    get log(): Logger {
      this.#log ??= logger.child({ update: this.update.update_id, kind: updateKind(this) });
      return this.#log;
    }
  };
}

/** Logs how long each update took, when debug logging is on. */
export function updateLogger(logger: Logger): MiddlewareFn<BotContext> {
  return (ctx, next) => {
    // Without debug logging nothing waits for the update to finish.
    if (!logger.isLevelEnabled("debug")) return next();
    const started = performance.now();
    return next().then(() =>
      ctx.log.debug({ ms: Math.round(performance.now() - started) }, "update handled"),
    );
  };
}
