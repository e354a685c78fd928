import type { FastifyInstance } from "fastify";
import type { Bot } from "grammy";
import { SESSION_TTL_SECONDS } from "../bot/bot.ts";
import type { BotContext, SessionData } from "../bot/context.ts";
import type { AppDeps } from "../deps.ts";
import { createWebChatEngine } from "./engine.ts";
import { webChatRoutes } from "./routes.ts";
import { createWebChatStore } from "./store.ts";

export interface StartWebChatOptions {
  bot: Bot<BotContext>;
  /** No BOT_TOKEN: the bot's calls for anything but a web chat are answered in process. */
  webOnly: boolean;
  /** Redis key prefix (tests pass their own); `qoldau:` by default. */
  prefix?: string;
}

/**
 * The web channel on the app's HTTP server (before it listens): the store, the engine on the
 * given bot and the `/chat` routes. `stop()` ends the live streams and waits for the messages
 * in hand; call it before the bot and Redis stop.
 */
export async function startWebChat(
  deps: AppDeps,
  server: FastifyInstance,
  options: StartWebChatOptions,
) {
  const prefix = options.prefix ?? "qoldau:";
  const logger = deps.logger.child({ component: "webchat" });
  const store = createWebChatStore(deps.redis, logger, {
    prefix,
    ttlSeconds: SESSION_TTL_SECONDS,
  });
  const engine = createWebChatEngine({
    bot: options.bot,
    store,
    logger,
    webOnly: options.webOnly,
    // The form feature asks for names, a school, a conclusion number: not kept in the history.
    isPrivateInput: async (chat) => {
      const raw = await deps.redis.get(`${prefix}session:${chat}`).catch(() => null);
      if (!raw) return false;
      try {
        return Boolean((JSON.parse(raw) as SessionData).form?.awaiting);
      } catch {
        return false;
      }
    },
    maskedText: (lang) => deps.i18n.t(lang, "webchat-private-input"),
  });
  await server.register(webChatRoutes, { deps, engine, keyPrefix: prefix });
  return { engine, stop: () => engine.stop() };
}
