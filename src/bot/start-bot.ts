import { randomBytes, timingSafeEqual } from "node:crypto";
import { run } from "@grammyjs/runner";
import type { FastifyInstance } from "fastify";
import type { Update } from "grammy/types";
import type { AppDeps } from "../deps.ts";
import { type Language, languages } from "../i18n.ts";
import { scrubPii } from "../privacy/pii.ts";
import { type CreateBotOptions, createBot } from "./bot.ts";

export interface RunningBot {
  mode: "polling" | "webhook";
  /** Stops taking updates and waits for the ones in hand; call before Redis closes. */
  stop(): Promise<void>;
}

export interface StartBotOptions extends CreateBotOptions {
  /** The app's HTTP server (not listening yet): webhook mode adds its route there. */
  server?: FastifyInstance;
}

/** The commands Telegram shows in its menu, in this order (descriptions `start-command-*`). */
export const menuCommands = [
  "start",
  "status",
  "subscribe",
  "subscriptions",
  "help",
  "contact",
  "lang",
  "cancel",
] as const;

const WEBHOOK_PATH = "/telegram/webhook";
// my_chat_member: a parent who blocks the bot is marked inactive for broadcasts.
const allowedUpdates = ["message", "callback_query", "my_chat_member"] as const;
/** Telegram re-sends an update it got no 200 for; remember ids this long. */
const DEDUP_SECONDS = 24 * 3600;

/**
 * Starts the bot: a webhook on the app's HTTP server when `WEBHOOK_URL` is set (secret token
 * checked, `update_id` de-duplicated in Redis), otherwise long polling with @grammyjs/runner.
 */
export async function startBot(deps: AppDeps, options: StartBotOptions = {}): Promise<RunningBot> {
  const token = deps.config.BOT_TOKEN;
  if (!token) throw new Error("startBot needs BOT_TOKEN");
  const { bot, botDeps, close } = await createBot(token, deps, options);
  const logger = deps.logger.child({ component: "bot" });
  await bot.init();
  const commandsIn = (lang: Language) =>
    menuCommands.map((command) => ({
      command,
      description: botDeps.i18n.t(lang, `start-command-${command}`),
    }));
  // Per language, plus Kazakh for clients in any other language.
  await Promise.all([
    ...languages.map((lang) => bot.api.setMyCommands(commandsIn(lang), { language_code: lang })),
    bot.api.setMyCommands(commandsIn("kk")),
  ]).catch((error: Error) => logger.warn({ err: error.message }, "setMyCommands failed"));

  const webhookUrl = deps.config.WEBHOOK_URL;
  if (webhookUrl) {
    const server = options.server;
    if (!server) throw new Error("webhook mode needs the HTTP server");
    const secret = deps.config.WEBHOOK_SECRET ?? randomBytes(24).toString("base64url");
    const expected = Buffer.from(secret);
    const inFlight = new Set<Promise<void>>();
    server.post(WEBHOOK_PATH, async (request, reply) => {
      const given = Buffer.from(String(request.headers["x-telegram-bot-api-secret-token"] ?? ""));
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        return reply.code(401).send({ ok: false });
      }
      const update = request.body as Update;
      if (typeof update?.update_id !== "number") return reply.code(400).send({ ok: false });
      const fresh = await deps.redis
        .set(
          `${options.redisPrefix ?? "qoldau:"}bot:update:${update.update_id}`,
          "1",
          "EX",
          DEDUP_SECONDS,
          "NX",
        )
        .catch(() => "OK"); // Redis away: better a rare duplicate than a lost update.
      if (fresh === "OK") {
        const handled = bot.handleUpdate(update).catch((error: Error) => {
          logger.error(
            { err: scrubPii(error.message), update: update.update_id },
            "webhook update failed",
          );
        });
        inFlight.add(handled);
        void handled.finally(() => inFlight.delete(handled));
        await handled;
      }
      return reply.send({ ok: true });
    });
    await bot.api.setWebhook(new URL(WEBHOOK_PATH, webhookUrl).href, {
      secret_token: secret,
      allowed_updates: [...allowedUpdates],
    });
    logger.info("bot receives updates by webhook");
    return {
      mode: "webhook",
      stop: async () => {
        await Promise.allSettled(inFlight);
        await close();
      },
    };
  }

  await bot.api.deleteWebhook().catch(() => undefined);
  const runner = run(bot, {
    runner: { fetch: { timeout: 30, allowed_updates: [...allowedUpdates] }, silent: true },
  });
  logger.info("bot receives updates by long polling");
  return {
    mode: "polling",
    stop: async () => {
      if (runner.isRunning()) await runner.stop();
      await close();
    },
  };
}
