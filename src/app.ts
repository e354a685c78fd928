import type { FastifyInstance } from "fastify";
import type { Bot } from "grammy";
import { createAppDeps } from "./app-deps.ts";
import { loadDemoApplications } from "./applications/import.ts";
import { createBot } from "./bot/bot.ts";
import type { BotContext } from "./bot/context.ts";
import { startBot } from "./bot/start-bot.ts";
import { catalogueChannel, startCatalogueSync } from "./catalogue-sync.ts";
import type { Config } from "./config.ts";
import { migrateToLatest, openConfiguredDatabase } from "./db/database.ts";
import type { AppDeps } from "./deps.ts";
import { createServer } from "./http/server.ts";
import { resolveRedis } from "./infra/local-redis.ts";
import { createClientConnection } from "./infra/redis.ts";
import type { Logger } from "./logger.ts";
import { ensureDemoAccounts, loadDemoAccounts } from "./users/demo-accounts.ts";
import { createUserRepository } from "./users/repository.ts";
import { issueSetupToken } from "./users/setup-link.ts";
import { webOnlyBotInfo } from "./webchat/engine.ts";
import { startWebChat } from "./webchat/index.ts";
import { startWorkers } from "./workers/index.ts";

/**
 * How long after listening the search index is built. Building it takes a few hundred ms of
 * one core in which nothing else is served; started at once, it held up the first `/healthz`
 * (a readiness probe) and the start's last steps. A question asked before then builds it itself.
 */
const SEARCH_WARM_UP_DELAY_MS = 500;

/** Never sent anywhere: without BOT_TOKEN the web chat's transformer answers every call. */
const WEB_ONLY_TOKEN = "0:web-chat-only";

interface Stoppable {
  name: string;
  stop(): Promise<unknown>;
}

export interface RunningApp {
  deps: AppDeps;
  server: FastifyInstance;
  /** Base URL of the HTTP server, e.g. http://127.0.0.1:3000 */
  url: string;
  /** The one-time first-run link, when no administrator existed at start. */
  setupUrl?: string;
  stop(): Promise<void>;
}

/** Stops in reverse start order; one part failing to stop does not keep the others running. */
async function stopAll(stack: Stoppable[], logger: Logger) {
  for (const part of [...stack].reverse()) {
    try {
      await part.stop();
      logger.debug({ part: part.name }, "stopped");
    } catch (error) {
      logger.warn({ part: part.name, err: (error as Error).message }, "failed to stop cleanly");
    }
  }
}

/**
 * Starts the whole system: Redis (local when REDIS_URL is unset), the database (SQLite, or
 * PostgreSQL when DATABASE_URL is set), workers, bot, HTTP.
 */
export async function startApp(config: Config, logger: Logger): Promise<RunningApp> {
  const stack: Stoppable[] = [];
  try {
    const localRedis = await resolveRedis(config, logger);
    stack.push({ name: "local redis-server", stop: () => localRedis.stop() });
    const redisUrl = localRedis.url;

    const db = await openConfiguredDatabase(config, logger);
    stack.push({ name: "database", stop: () => db.destroy() });
    await migrateToLatest(db, logger);

    const redis = createClientConnection(redisUrl, logger);
    stack.push({ name: "redis client", stop: () => redis.quit() });

    let botStatus: AppDeps["botStatus"] = () => "off";
    const built = await createAppDeps(
      { config, logger, db, redis, redisUrl },
      { botStatus: () => botStatus() },
    );
    stack.push({ name: "producers and catalogue", stop: () => built.close() });
    const { deps } = built;

    // A catalogue reload on any instance reaches this one, and this one's reaches the others.
    const catalogueSync = await startCatalogueSync({
      holder: deps.knowledge,
      redisUrl,
      publisher: redis,
      channel: catalogueChannel(config),
      logger,
    });
    stack.push({ name: "catalogue sync", stop: () => catalogueSync.stop() });

    if (config.DEMO_DATA) {
      const count = await loadDemoApplications(db, config.PHONE_HASH_SECRET, {
        catalogue: deps.knowledge.current().catalogue,
      });
      logger.info({ count }, "demo applications loaded (see docs/status.md)");
      await ensureDemoAccounts(createUserRepository(db), loadDemoAccounts(), logger);
    }

    const server = await createServer(deps);
    stack.push({ name: "http server", stop: () => server.close() });

    let bot: Bot<BotContext>;
    if (config.BOT_TOKEN) {
      const running = await startBot(deps, { server });
      // Pushed after the HTTP server and Redis: stopped before them on shutdown.
      stack.push({ name: "telegram bot", stop: () => running.stop() });
      botStatus = () => running.status();
      bot = running.bot;
    } else {
      logger.info(
        "Telegram bot is off: set BOT_TOKEN (and TELEGRAM_API_ROOT for a test server) to turn it on; the web chat at /chat works without it",
      );
      // The same bot for the web chat alone: its calls never leave the process.
      const webOnly = await createBot(WEB_ONLY_TOKEN, deps, { botInfo: webOnlyBotInfo });
      stack.push({ name: "web chat bot", stop: () => webOnly.close() });
      bot = webOnly.bot;
    }
    const webChat = await startWebChat(deps, server, { bot, webOnly: !config.BOT_TOKEN });
    stack.push({ name: "web chat", stop: () => webChat.stop() });

    // The one outbound Api: the bot's, which the web chat's transformer now routes (web-chat ids
    // become bubbles, the rest goes to Telegram, or nowhere without BOT_TOKEN). Replies, stage
    // notices, broadcasts and operators' messages all leave through it. Workers come after the
    // producers (and stop before them), so `await worker.close()` runs before the queues close.
    for (const part of await startWorkers(deps, { api: bot.api })) stack.push(part);

    await server.listen({ host: config.HOST, port: config.PORT });
    const address = server.server.address();
    const port = typeof address === "object" && address ? address.port : config.PORT;
    const url = `http://${config.HOST}:${port}`;
    logger.info({ url }, "Qoldau is running");
    // The search index is built on first use, so /healthz answers without it; building it
    // shortly after listening spares the first parent or operator that wait.
    const warmUp = setTimeout(() => void deps.knowledge.current().answers, SEARCH_WARM_UP_DELAY_MS);
    stack.push({ name: "search index warm-up", stop: async () => clearTimeout(warmUp) });
    const setupToken = await issueSetupToken(redis, createUserRepository(db));
    const setupUrl = setupToken ? `${url}/setup/${setupToken}` : undefined;
    if (setupUrl)
      logger.warn(
        `No administrator yet: open ${setupUrl} to create one (works once, for an hour, from this computer)`,
      );

    return {
      deps,
      server,
      url,
      ...(setupUrl ? { setupUrl } : {}),
      stop: () => stopAll(stack, logger),
    };
  } catch (error) {
    await stopAll(stack, logger);
    throw error;
  }
}
