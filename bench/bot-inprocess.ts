/**
 * npx tsx bench/bot-inprocess.ts [--presses 20000 --chats 200 --delay 5] [--anchor]
 *
 * The bot's own work per update, without HTTP: `createBot` as in production (sessions in a
 * redis-server of its own, i18n, every feature), with the Bot API answered in-process after
 * `--delay` ms (so updates stay in hand as they do against Telegram). Chats press through the
 * flow (in, in, Back, Back) with `--chats` presses in flight. Prints CPU and GC time per update
 * in this one process, which stays meaningful on a loaded machine. `--profile <file>` writes a
 * V8 CPU profile of the measured presses only (no start-up, no warm-up). `--anchor` runs the
 * stock grammY anchor of `bench:bot` (bench/anchors/grammy-bot.ts) the same way instead, so
 * the two can be compared in turns on a loaded machine.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { Session } from "node:inspector/promises";
import os from "node:os";
import path from "node:path";
import { PerformanceObserver } from "node:perf_hooks";
import { parseArgs } from "node:util";
import type { Bot } from "grammy";
import type { Message, Update, UserFromGetMe } from "grammy/types";
import { Redis } from "ioredis";
import { createAppDeps } from "../src/app-deps.ts";
import { createBot } from "../src/bot/bot.ts";
import { createBotApiFetch } from "../src/bot/helpers/bot-api-fetch.ts";
import { loadConfig } from "../src/config.ts";
import { migrateToLatest, openDatabase } from "../src/db/database.ts";
import { createClientConnection } from "../src/infra/redis.ts";
import { createLogger } from "../src/logger.ts";
import { startTestRedis } from "../tests/support/redis-server.ts";
import { createAnchorBot } from "./anchors/grammy-bot.ts";

const { values } = parseArgs({
  options: {
    presses: { type: "string", default: "20000" },
    chats: { type: "string", default: "200" },
    delay: { type: "string", default: "5" },
    profile: { type: "string" },
    anchor: { type: "boolean", default: false },
  },
});
const presses = Number(values.presses);
const chats = Number(values.chats);
const delay = Number(values.delay);

const redisServer = await startTestRedis();
const dir = await mkdtemp(path.join(os.tmpdir(), "qoldau-bench-"));
/** Qoldau's bot as `startBot` builds it, with its clean-up. */
async function qoldauBot(): Promise<{ bot: Bot; close: () => Promise<void> }> {
  const config = loadConfig({
    NODE_ENV: "production",
    SESSION_SECRET: "bench-session-secret-0123456789abcdef",
    PHONE_HASH_SECRET: "bench-phone-hash-secret-0123456789abcdef",
    LOG_LEVEL: "silent",
    REDIS_URL: redisServer.url,
    DATABASE_PATH: path.join(dir, "qoldau.sqlite"),
    BOT_TOKEN: "1:bench",
  });
  const db = await openDatabase(config.DATABASE_PATH);
  await migrateToLatest(db);
  const redis = createClientConnection(redisServer.url);
  const { deps } = await createAppDeps(
    { config, logger: createLogger(config), db, redis, redisUrl: redisServer.url },
    { botStatus: () => "polling", statusPrefix: `bench-${process.pid}` },
  );
  const { bot, close } = await createBot("1:bench", deps, {
    botInfo: {
      id: 1,
      is_bot: true,
      first_name: "Qoldau",
      username: "qoldau_bot",
      can_join_groups: false,
      can_read_all_group_messages: false,
      supports_inline_queries: false,
      can_connect_to_business: false,
      has_main_web_app: false,
    } as UserFromGetMe,
    sessionPrefix: `bench:${process.pid}:session:`,
    rateLimit: { burst: 1e6, perSecond: 1e6 },
  });
  return {
    bot: bot as unknown as Bot,
    close: async () => {
      await close();
      redis.disconnect();
      await db.destroy();
    },
  };
}

async function anchorBot(): Promise<{ bot: Bot; close: () => Promise<void> }> {
  const redis = new Redis(redisServer.url, { enableAutoPipelining: true });
  const bot = createAnchorBot("1:bench", "http://127.0.0.1:9", createBotApiFetch, redis);
  return { bot: bot as unknown as Bot, close: async () => void redis.disconnect() };
}

const { bot, close } = values.anchor ? await anchorBot() : await qoldauBot();

// The Bot API, answered here: the last screen of each chat is what the next press is on.
const screens = new Map<number, Message>();
let messageId = 1;
const wait = () => new Promise((resolve) => setTimeout(resolve, delay));
bot.api.config.use(async (_prev, method, payload) => {
  const p = payload as Record<string, unknown>;
  await wait();
  if (method === "sendMessage" || method === "editMessageText") {
    const chatId = Number(p.chat_id);
    const message = {
      message_id: method === "sendMessage" ? messageId++ : Number(p.message_id),
      date: Math.floor(Date.now() / 1000),
      chat: { id: chatId, type: "private", first_name: "Ата-ана" },
      text: String(p.text),
      reply_markup: p.reply_markup,
    } as unknown as Message;
    screens.set(chatId, message);
    return { ok: true, result: message } as never;
  }
  return { ok: true, result: true } as never;
});

let updateId = 1;
const from = (id: number) => ({
  id,
  is_bot: false,
  first_name: "Ата-ана",
  language_code: id % 2 === 0 ? "kk" : "ru",
});
const command = (id: number): Update => ({
  update_id: updateId++,
  message: {
    message_id: messageId++,
    date: Math.floor(Date.now() / 1000),
    chat: { id, type: "private", first_name: "Ата-ана" },
    from: from(id),
    text: "/flow",
    entities: [{ type: "bot_command", offset: 0, length: 5 }],
  },
});
const dataFor = (message: Message, suffix: string) => {
  for (const row of message.reply_markup?.inline_keyboard ?? [])
    for (const button of row)
      if ("callback_data" in button && button.callback_data.endsWith(suffix))
        return button.callback_data;
  throw new Error(`no button ${suffix}`);
};
const press = (id: number, suffix: string): Update => {
  const screen = screens.get(id) as Message;
  return {
    update_id: updateId++,
    callback_query: {
      id: String(updateId),
      from: from(id),
      chat_instance: String(id),
      message: screen,
      data: dataFor(screen, suffix),
    },
  } as Update;
};

const ids = Array.from({ length: chats }, (_, i) => 7000 + i);
await Promise.all(ids.map((id) => bot.handleUpdate(command(id))));
const steps = [":health", ":yes", ":<", ":<"];
const stepOf = new Map<number, number>();
const run = async (count: number) => {
  let left = count;
  await Promise.all(
    ids.map(async (id) => {
      while (left > 0) {
        left -= 1;
        const step = stepOf.get(id) ?? 0;
        stepOf.set(id, step + 1);
        await bot.handleUpdate(press(id, steps[step % steps.length] as string));
      }
    }),
  );
};
await run(Math.min(4000, presses)); // warm-up
let gcMs = 0;
const observer = new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcMs += entry.duration;
});
observer.observe({ entryTypes: ["gc"] });
const inspector = values.profile ? new Session() : undefined;
if (inspector) {
  inspector.connect();
  await inspector.post("Profiler.enable");
  await inspector.post("Profiler.start");
}
const cpu = process.cpuUsage();
const started = performance.now();
await run(presses);
const ms = performance.now() - started;
const used = process.cpuUsage(cpu);
observer.disconnect();
if (inspector && values.profile) {
  const { profile } = await inspector.post("Profiler.stop");
  await writeFile(values.profile, JSON.stringify(profile));
  inspector.disconnect();
}
const cpuMs = (used.user + used.system) / 1000;
// Live heap after a full collection, when run with --expose-gc.
(globalThis as { gc?: () => void }).gc?.();
console.log(
  `${values.anchor ? "anchor" : "Qoldau"}: ${presses} presses, ${chats} in flight, API delay ${delay} ms: CPU ${((cpuMs / presses) * 1000).toFixed(0)} µs/update, ` +
    `GC ${((gcMs / presses) * 1000).toFixed(0)} µs/update, ${Math.round((presses / ms) * 1000)} updates/s, ` +
    `heap ${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} MB, load ${os.loadavg()[0]?.toFixed(1)}`,
);
await close();
await redisServer.stop();
await rm(dir, { recursive: true, force: true });
process.exit(0);
