/**
 * npm run bench:webchat [-- --users 500]
 *
 * One app as `npm start` runs it (startApp: Redis sessions, SQLite, the bot polling the loopback
 * Telegram Bot API, the web chat on the HTTP server), a redis-server of its own. N concurrent
 * parents walk the same conversation on each channel, each waiting for the reply before the next
 * action, as a person does: /start, "which service fits", two answers to a service card, a
 * question and a follow-up. Prints messages/s (bot replies) and p50/p99 action→reply, web chat
 * next to Telegram, so the cost of the second channel shows. Clients and app share one process.
 */
import os from "node:os";
import { parseArgs } from "node:util";
import { startApp } from "../src/app.ts";
import { loadConfig } from "../src/config.ts";
import { createLogger } from "../src/logger.ts";
import { startTestRedis } from "../tests/support/redis-server.ts";
import { startTelegramApiServer } from "../tests/support/telegram-api/index.ts";
import { type Channel, telegramChannel, webChannel } from "../tests/webchat/channels.ts";
import { WebChatClient } from "../tests/webchat/client.ts";

const { values } = parseArgs({
  options: {
    users: { type: "string", default: "500" },
    /** How long a parent waits for a reply before the conversation counts as failed. */
    "timeout-ms": { type: "string", default: "120000" },
  },
});
const users = Number(values.users);
const timeoutMs = Number(values["timeout-ms"]);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** One parent's conversation; each action's time to the reply goes into `latencies`. */
async function converse(channel: Channel, latencies: number[]) {
  const timed = async <T>(action: () => Promise<T>) => {
    const started = performance.now();
    const result = await action();
    latencies.push(performance.now() - started);
    return result;
  };
  const menu = await timed(() => channel.start());
  const first = await timed(() => channel.press(menu, "m:flow"));
  const vkk = await timed(() => channel.press(first, "health"));
  const card = await timed(() => channel.press(vkk, "yes"));
  if (!/Үйде оқыту/.test(card.text)) throw new Error("the flow did not reach the card");
  await timed(() => channel.say("ПМПК қорытындысын қалай алуға болады?"));
  await timed(() => channel.say("қанша күнде қарайды?"));
}

async function run(name: string, make: () => Channel) {
  const latencies: number[] = [];
  const channels = Array.from({ length: users }, make);
  const started = performance.now();
  const results = await Promise.allSettled(channels.map((c) => converse(c, latencies)));
  const ms = performance.now() - started;
  const failed = results.filter((r) => r.status === "rejected");
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    name,
    messagesPerSecond: (latencies.length / ms) * 1000,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    failed: failed.length,
    firstError: failed[0]?.status === "rejected" ? String(failed[0].reason).slice(0, 200) : "",
  };
}

const redis = await startTestRedis();
const api = await startTelegramApiServer({ limits: false, callLog: false });
const config = loadConfig({
  NODE_ENV: "test",
  LOG_LEVEL: "silent",
  PORT: "0",
  REDIS_URL: redis.url,
  DATABASE_PATH: `${os.tmpdir()}/qoldau-bench-webchat-${process.pid}.sqlite`,
  BOT_TOKEN: api.token,
  TELEGRAM_API_ROOT: api.apiRoot,
  WEBCHAT_MESSAGES_PER_MINUTE: "1000",
  WEBCHAT_ADDRESS_MESSAGES_PER_MINUTE: "1000000",
  WEBCHAT_NEW_CHATS_PER_HOUR: "1000000",
});
const app = await startApp(config, createLogger(config));
const clients: WebChatClient[] = [];
try {
  let nextUser = 5_000_000;
  const load = () => os.loadavg()[0]?.toFixed(1);
  console.log(
    `bench:webchat — ${users} concurrent parents per channel, 6 actions each; load ${load()}`,
  );
  const telegram = await run("telegram", () =>
    telegramChannel(
      api.user({ id: nextUser++, firstName: "Ата-ана", languageCode: "kk" }),
      timeoutMs,
    ),
  );
  const web = await run("web chat", () => {
    const client = new WebChatClient(app.url, "kk");
    clients.push(client);
    return webChannel(client, timeoutMs);
  });
  console.log("channel   | replies/s | p50 ms | p99 ms | failed");
  for (const r of [telegram, web])
    console.log(
      `${r.name.padEnd(9)} | ${r.messagesPerSecond.toFixed(0).padStart(9)} | ${r.p50.toFixed(1).padStart(6)} | ${r.p99.toFixed(1).padStart(6)} | ${r.failed}${r.firstError ? ` (${r.firstError})` : ""}`,
    );
  console.log(
    `web chat / telegram: ${(web.messagesPerSecond / telegram.messagesPerSecond).toFixed(2)}× the rate, p99 ${(web.p99 / telegram.p99).toFixed(2)}×; load ${load()}, ${new Date().toISOString()}`,
  );
} finally {
  for (const client of clients) await client.close();
  await app.stop();
  await api.close();
  await redis.stop();
}
