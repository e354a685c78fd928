import { randomBytes, timingSafeEqual } from "node:crypto";
import {
  createConcurrentSink,
  createRunner,
  createSource,
  createUpdateFetcher,
} from "@grammyjs/runner";
import type { FastifyInstance } from "fastify";
import type { Bot } from "grammy";
import type { Update } from "grammy/types";
import type { AppDeps } from "../deps.ts";
import { type Language, languages } from "../i18n.ts";
import { scrubPii } from "../privacy/pii.ts";
import { type CreateBotOptions, createBot } from "./bot.ts";
import { type ChatTurn, chatOfUpdate, createChatOrder } from "./chat-order.ts";
import type { BotContext } from "./context.ts";
import { createPollerLock } from "./poller-lock.ts";
import { createUpdatesInHand } from "./updates-in-hand.ts";

export interface RunningBot {
  mode: "polling" | "webhook";
  /** The bot itself: the web chat hands it updates of its own chats (`src/webchat`). */
  bot: Bot<BotContext>;
  /** What this instance does now: polls, waits for the poller lease (standby), or webhook. */
  status(): "polling" | "standby" | "webhook";
  /**
   * Stops taking updates, waits for the ones in hand (replies sent, sessions written), confirms
   * to Telegram only those, then closes the session connection. Call before Redis closes.
   */
  stop(): Promise<void>;
}

export interface StartBotOptions extends CreateBotOptions {
  /** The app's HTTP server (not listening yet): webhook mode adds its route there. */
  server?: FastifyInstance;
  /** How long `stop()` waits for updates in hand (default 7 s, within main's 10 s limit). */
  drainMs?: number;
  /** Long polling: how long the poller lease lasts without renewal (default 15 s). */
  pollerLeaseMs?: number;
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
const DRAIN_MS = 7_000;
/** Updates handled at once; past this the runner fetches fewer (the runner's own default). */
const CONCURRENCY = 500;

/**
 * Starts the bot: a webhook on the app's HTTP server when `WEBHOOK_URL` is set (secret token
 * checked, `update_id` de-duplicated in Redis), otherwise long polling with @grammyjs/runner.
 */
export async function startBot(deps: AppDeps, options: StartBotOptions = {}): Promise<RunningBot> {
  const token = deps.config.BOT_TOKEN;
  if (!token) throw new Error("startBot needs BOT_TOKEN");
  const { bot, botDeps, close } = await createBot(token, deps, options);
  const logger = deps.logger.child({ component: "bot" });
  const drainMs = options.drainMs ?? DRAIN_MS;
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
    const inHand = createUpdatesInHand();
    const redisPrefix = options.redisPrefix ?? "qoldau:";
    const chatOrder = createChatOrder(deps.redis, {
      prefix: redisPrefix,
      doneSeconds: DEDUP_SECONDS,
    });
    let accepting = true;
    server.post(WEBHOOK_PATH, async (request, reply) => {
      // Stopping: Telegram keeps an update it got no 2xx for and sends it again later.
      if (!accepting) return reply.code(503).header("retry-after", "5").send({ ok: false });
      const given = Buffer.from(String(request.headers["x-telegram-bot-api-secret-token"] ?? ""));
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        return reply.code(401).send({ ok: false });
      }
      const update = request.body as Update;
      if (typeof update?.update_id !== "number") return reply.code(400).send({ ok: false });
      // Tracked from here, before the first await, so `stop()` cannot miss it.
      const handling = (async (): Promise<ChatTurn> => {
        const handle = () =>
          bot.handleUpdate(update).catch((error: Error) => {
            logger.error(
              { err: scrubPii(error.message), update: update.update_id },
              "webhook update failed",
            );
          });
        const chat = chatOfUpdate(update);
        if (chat === undefined) {
          const fresh = await deps.redis
            .set(`${redisPrefix}bot:update:${update.update_id}`, "1", "EX", DEDUP_SECONDS, "NX")
            .catch(() => "OK"); // Redis away: better a rare duplicate than a lost update.
          if (fresh !== "OK") return "duplicate";
          await handle();
          return "handled";
        }
        // One update of a chat at a time across all instances, oldest first, each once.
        return chatOrder.run(chat, update.update_id, handle).catch(async () => {
          // Redis away: better a rare duplicate or reordering than a lost update.
          await handle();
          return "handled" as const;
        });
      })();
      inHand.track(
        update.update_id,
        handling.then(() => undefined),
      );
      const turn = await handling;
      // Not our turn in time: nothing ran, and Telegram sends it again later.
      if (turn === "busy") return reply.code(503).header("retry-after", "1").send({ ok: false });
      return reply.send({ ok: true });
    });
    await bot.api.setWebhook(new URL(WEBHOOK_PATH, webhookUrl).href, {
      secret_token: secret,
      allowed_updates: [...allowedUpdates],
    });
    logger.info("bot receives updates by webhook");
    return {
      mode: "webhook",
      bot,
      status: () => "webhook",
      stop: async () => {
        accepting = false;
        const { unfinished } = await inHand.drain(drainMs);
        if (unfinished > 0) logger.warn({ unfinished }, "updates unfinished at shutdown");
        await close();
      },
    };
  }

  await bot.api.deleteWebhook().catch(() => undefined);
  // The runner's parts rather than `run()`: its `stop()` ends the long poll but does not wait
  // for the updates its sink is handling, and every update it fetched is already confirmed to
  // Telegram by the next poll. Here each update is followed until its session is written.
  const inHand = createUpdatesInHand();
  const startRunner = () => {
    const fetchUpdates = createUpdateFetcher(bot, {
      fetch: { timeout: 30, allowed_updates: [...allowedUpdates] },
      silent: true,
    });
    const sink = createConcurrentSink<Update>(
      {
        consume: (update) => {
          // Errors inside the bot's error boundary are handled there; this is for the few
          // middlewares before it (metrics, logging, rate limit).
          const handling = bot.handleUpdate(update).catch((error: Error) => {
            logger.error({ err: { name: error.name }, update: update.update_id }, "update failed");
          });
          inHand.track(update.update_id, handling);
          return handling;
        },
      },
      async () => undefined,
      { concurrency: CONCURRENCY },
    );
    const runner = createRunner(createSource({ supply: fetchUpdates }), sink);
    runner.start();
    return runner;
  };
  /** Stops polling, finishes the updates in hand and confirms only those to Telegram. */
  const stopRunner = async (runner: ReturnType<typeof startRunner>) => {
    // Polling first: no update is fetched (nor confirmed) after this.
    await runner.stop();
    const { unfinished } = await inHand.drain(drainMs);
    if (unfinished > 0) logger.warn({ unfinished }, "updates unfinished at shutdown");
    // The poll just aborted usually confirmed what was fetched before it, but a batch that
    // arrived as polling stopped is confirmed by nobody: confirm what was finished, and leave
    // anything unfinished (and everything after it) for the next start.
    const offset = inHand.lowestPendingId() ?? inHand.highestId + 1;
    if (inHand.highestId >= 0)
      await bot.api
        .getUpdates({ offset, limit: 1, timeout: 0 })
        .catch((error: Error) => logger.warn({ err: error.message }, "could not confirm updates"));
  };

  // One poller across instances: the others wait in standby and take over when it goes.
  const lock = createPollerLock(
    deps.redis,
    `${options.redisPrefix ?? "qoldau:"}bot:poller`,
    options.pollerLeaseMs,
  );
  let runner: ReturnType<typeof startRunner> | undefined;
  let stopping = false;
  const tick = async () => {
    if (stopping) return;
    try {
      if (runner) {
        if (await lock.renew()) return;
        logger.warn("lost the poller lease to another instance; standing by");
        const lost = runner;
        runner = undefined;
        await stopRunner(lost);
      } else if (await lock.acquire()) {
        runner = startRunner();
        logger.info("bot receives updates by long polling");
      }
    } catch (error) {
      logger.warn({ err: (error as Error).message }, "poller lease check failed");
    }
  };
  await tick();
  if (!runner) logger.info("another instance polls Telegram; this one stands by");
  const timer = setInterval(() => void tick(), Math.max(lock.leaseMs / 3, 50));
  return {
    mode: "polling",
    bot,
    status: () => (runner ? "polling" : "standby"),
    stop: async () => {
      stopping = true;
      clearInterval(timer);
      if (runner) {
        await stopRunner(runner);
        runner = undefined;
        await lock.release().catch(() => undefined);
      }
      await close();
    },
  };
}
