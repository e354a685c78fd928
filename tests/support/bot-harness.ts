import { randomUUID } from "node:crypto";
import type { Message } from "grammy/types";
import type { AnswerService } from "../../src/answers/service.ts";
import { createAppDeps } from "../../src/app-deps.ts";
import type { SessionData } from "../../src/bot/context.ts";
import { type RunningBot, type StartBotOptions, startBot } from "../../src/bot/start-bot.ts";
import { loadConfig } from "../../src/config.ts";
import type { FlowSet } from "../../src/flows/flows.ts";
import { createClientConnection } from "../../src/infra/redis.ts";
import { createLogger, type Logger } from "../../src/logger.ts";
import {
  inlineButtons,
  type SimulatedUser,
  startTelegramApiServer,
  type TelegramApiServerOptions,
} from "./telegram-api/index.ts";
import { createTestDatabase } from "./test-database.ts";

/** Tuesday 25 Nov 2025, 10:00 in Almaty: a working day, office open. */
export const TUESDAY_MORNING = new Date("2025-11-25T05:00:00Z");

export interface BotHarnessOptions extends Omit<StartBotOptions, "server"> {
  redisUrl: string;
  api?: TelegramApiServerOptions;
  env?: Record<string, string>;
  /** The bot's logger (a test that reads the log passes one writing to a buffer). */
  logger?: Logger;
  /** Replaces the catalogue's answer service (a slow or failing one). */
  answers?: AnswerService;
  flows?: FlowSet;
}

/**
 * The bot started exactly as `npm start` starts it (`startBot`, long polling with the runner),
 * against the loopback Bot API server, a real Redis and a real SQLite file. Each harness uses a
 * session prefix of its own and deletes its keys on close.
 */
export async function startBotHarness(options: BotHarnessOptions) {
  const api = await startTelegramApiServer({ limits: false, ...options.api });
  const testDb = await createTestDatabase();
  const config = loadConfig({
    NODE_ENV: "test",
    LOG_LEVEL: "silent",
    REDIS_URL: options.redisUrl,
    ...testDb.env,
    BOT_TOKEN: api.token,
    TELEGRAM_API_ROOT: api.apiRoot,
    ...options.env,
  });
  const logger = options.logger ?? createLogger(config);
  const db = testDb.db;
  const redis = createClientConnection(options.redisUrl);
  const { redisUrl: _r, api: _a, env: _e, logger: _l, answers, flows, ...botOptions } = options;
  // Every key the bot writes carries this prefix, so parallel test files never meet.
  const redisPrefix = `test:${randomUUID()}:`;
  const sessionPrefix = `${redisPrefix}session:`;
  const prefix = `test-${randomUUID().slice(0, 8)}`;
  // The app's composition root, on prefixes of this harness.
  const built = await createAppDeps(
    { config, logger, db, redis, redisUrl: options.redisUrl },
    {
      botStatus: () => "polling",
      statusPrefix: prefix,
      broadcastPrefix: prefix,
      handoffPrefix: prefix,
      feedbackPrefix: `${redisPrefix}answer:`,
      ...(answers ? { answers: () => answers } : {}),
      ...(flows ? { flows } : {}),
    },
  );
  const { deps } = built;
  const start = (extra: Partial<StartBotOptions> & { flows?: FlowSet } = {}) => {
    const { flows: restartFlows, ...rest } = extra;
    // A restarted "process" may read other flows: a new deps object, as a new process would build.
    return startBot(restartFlows ? { ...deps, flows: restartFlows } : deps, {
      redisPrefix,
      sessionPrefix,
      now: () => TUESDAY_MORNING,
      rateLimit: { burst: 1000, perSecond: 1000 },
      ...botOptions,
      ...rest,
    });
  };
  let bot: RunningBot = await start();
  let nextUserId = 1000 + Math.floor(Math.random() * 1_000_000);
  return {
    api,
    deps,
    get bot() {
      return bot;
    },
    redisPrefix,
    sessionPrefix,
    /** The prefix of this harness's BullMQ queues (status, broadcasts, handoff delivery). */
    queuePrefix: prefix,
    /** The answer service the bot uses now (the console reads the same snapshot). */
    get answers() {
      return deps.knowledge.current().answers;
    },
    /** Stops the bot and starts a new process-like instance (same Redis, same API server). */
    async restartBot(extra: Partial<StartBotOptions> & { flows?: FlowSet } = {}) {
      await bot.stop();
      bot = await start(extra);
    },
    /** Deletes a chat's session once the bot has written it (the write follows the reply). */
    async forgetSession(chatId: number) {
      const key = `${sessionPrefix}${chatId}`;
      for (let i = 0; i < 100 && !(await redis.exists(key)); i++)
        await new Promise((resolve) => setTimeout(resolve, 5));
      // The write of the last update may still be on its way: delete until none brings it back.
      do {
        await redis.del(key);
        await new Promise((resolve) => setTimeout(resolve, 30));
      } while (await redis.exists(key));
    },
    /** A chat's session as stored in Redis (undefined when there is none). */
    async session(chatId: number): Promise<SessionData | undefined> {
      const stored = await redis.get(`${sessionPrefix}${chatId}`);
      return stored ? (JSON.parse(stored) as SessionData) : undefined;
    },
    user(languageCode = "kk"): SimulatedUser {
      nextUserId += 1;
      return api.user({ id: nextUserId, firstName: "Ата-ана", languageCode });
    },
    async close() {
      await bot.stop();
      await built.close();
      for (const pattern of [`${redisPrefix}*`, `${prefix}:*`]) {
        const keys = await redis.keys(pattern);
        if (keys.length > 0) await redis.del(...keys);
      }
      await redis.quit();
      await testDb.close();
      await api.close();
    },
  };
}

export type BotHarness = Awaited<ReturnType<typeof startBotHarness>>;

/** Presses a button and waits for the message it produces (an edit or a new message). */
export async function press(user: SimulatedUser, message: Message, data: string): Promise<Message> {
  user.pressButton(message, data);
  return user.waitForMessage();
}

export function buttonData(message: Message): string[] {
  return inlineButtons(message).flatMap((b) => (b.callbackData ? [b.callbackData] : []));
}

/** The callback data of the button whose text contains `text`. */
export function findButton(message: Message, text: string | RegExp): string {
  const button = inlineButtons(message).find((b) =>
    typeof text === "string" ? b.text.includes(text) : text.test(b.text),
  );
  if (!button?.callbackData)
    throw new Error(
      `no button ${text} in ${JSON.stringify(inlineButtons(message).map((b) => b.text))}`,
    );
  return button.callbackData;
}
