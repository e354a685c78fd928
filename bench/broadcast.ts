/**
 * `npm run bench:broadcast [-- --recipients 10000 --rate 30 --concurrency 8]`
 *
 * Sends one campaign to simulated parents through the loopback Bot API server (which enforces
 * the global and per-chat flood limits) with a real Redis and SQLite, and prints achieved
 * messages/s against the configured ceiling, duplicates, lost, 429s received and honoured,
 * the largest per-chat rate and peak memory. `--fanout-only` records and queues the audience
 * without sending, to show memory stays flat for a large audience (e.g. 100,000).
 */
import { randomUUID } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { Api } from "grammy";
import { getCampaign } from "../src/broadcasts/campaigns.ts";
import { createTranslate } from "../src/broadcasts/message.ts";
import { createTelegramSender, type TelegramSender } from "../src/broadcasts/telegram-sender.ts";
import { loadConfig } from "../src/config.ts";
import { migrateToLatest, openDatabase } from "../src/db/database.ts";
import { createI18n } from "../src/i18n.ts";
import { startLocalRedis } from "../src/infra/local-redis.ts";
import { loadCatalogue } from "../src/knowledge/catalogue.ts";
import { createLogger } from "../src/logger.ts";
import { importProvidersCsv } from "../src/providers/directory.ts";
import { startBroadcastRuntime } from "../src/workers/broadcast-runtime.ts";
import { freePort } from "../tests/support/redis-server.ts";
import { startTelegramApiServer } from "../tests/support/telegram-api/index.ts";

const config = loadConfig({ ...process.env, LOG_LEVEL: "silent" });
const { values: args } = parseArgs({
  options: {
    recipients: { type: "string", default: "10000" },
    rate: { type: "string", default: String(config.BROADCAST_RATE_PER_SECOND) },
    concurrency: { type: "string", default: String(config.BROADCAST_CONCURRENCY) },
    "fanout-only": { type: "boolean", default: false },
  },
});
const recipients = Number(args.recipients);
const rate = Number(args.rate);
const fanoutOnly = args["fanout-only"] === true;

let peakRss = 0;
let peakHeap = 0;
// With --expose-gc (NODE_OPTIONS) the fan-out-only run measures live memory, not garbage.
const gc = (globalThis as { gc?: () => void }).gc;
const sampler = setInterval(
  () => {
    if (fanoutOnly) gc?.();
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  },
  fanoutOnly && gc ? 200 : 50,
);
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

const dir = await mkdtemp(path.join(os.tmpdir(), "qoldau-bench-broadcast-"));
const redis = await startLocalRedis({ dataDir: path.join(dir, "redis"), port: await freePort() });
const db = await openDatabase(path.join(dir, "qoldau.sqlite"));
await migrateToLatest(db);
await importProvidersCsv(db, await readFile("demo/providers.csv", "utf8"));

// Parents straight into SQLite in one transaction (the bot's subscribe() is one per parent).
const at = new Date().toISOString();
const firstChatId = 1_000_000;
await db.transaction().execute(async (trx) => {
  for (let start = 0; start < recipients; start += 500) {
    const ids = Array.from(
      { length: Math.min(500, recipients - start) },
      (_, i) => firstChatId + start + i,
    );
    await trx
      .insertInto("subscriber")
      .values(
        ids.map((id) => ({
          chat_id: id,
          language: id % 3 === 0 ? "ru" : "kk",
          active: 1,
          created_at: at,
          updated_at: at,
        })),
      )
      .execute();
    await trx
      .insertInto("subscription")
      .values(
        ids.map((id) => ({
          chat_id: id,
          provider_id: "ast-school-12",
          grade: "first_grade",
          created_at: at,
        })),
      )
      .execute();
  }
});
const heapBefore = process.memoryUsage().heapUsed;

// The server enforces Telegram's free limit (30/s) or the configured ceiling if higher (paid broadcasts).
const server = await startTelegramApiServer({
  unknownChats: "create",
  limits: { globalPerSecond: Math.max(30, rate), perChatPerSecond: 1, burst: 1 },
  historyPerChat: 2,
  callLog: recipients * 2 + 1000,
});
const perChat = new Map<number, number>();
let firstAt = 0;
let lastAt = 0;
server.onBotMessage((chatId, _message, kind) => {
  if (kind !== "message") return;
  perChat.set(chatId, (perChat.get(chatId) ?? 0) + 1);
  lastAt = performance.now();
  if (firstAt === 0) firstAt = lastAt;
});

// Every request and every 429 as the worker saw them, to check that 429s were honoured.
const requestStarts: number[] = [];
const limited: { at: number; retryAfterMs: number }[] = [];
const inner = createTelegramSender(
  new Api(server.token, { apiRoot: server.apiRoot, timeoutSeconds: 10 }),
);
const sender: TelegramSender = {
  async send(message) {
    requestStarts.push(performance.now());
    const outcome = await inner.send(message);
    if (outcome.kind === "rate_limited")
      limited.push({ at: performance.now(), retryAfterMs: outcome.retryAfterMs });
    return outcome;
  },
};

const catalogue = await loadCatalogue(config.KNOWLEDGE_DIR);
const runtime = await startBroadcastRuntime({
  db,
  logger: createLogger({ LOG_LEVEL: "silent", NODE_ENV: "production" }),
  redisUrl: redis.url,
  prefix: `bench-${randomUUID().slice(0, 8)}`,
  ...(fanoutOnly ? {} : { sender }),
  t: createTranslate(createI18n(config.LOCALES_DIR)),
  catalogue: () => catalogue,
  ratePerSecond: rate,
  concurrency: Number(args.concurrency),
  daysBeforeClose: config.REMINDER_DAYS_BEFORE_CLOSE,
});

console.log(
  `broadcast bench: ${recipients} recipients, ceiling ${rate} msg/s, concurrency ${args.concurrency}${fanoutOnly ? ", fan-out only" : ""}`,
);
const started = performance.now();
const campaign = await runtime.service.create(
  { role: "admin", providerId: null, name: "bench" },
  {
    scope: "all",
    textKk: "Еске салу: 1-сыныпқа қабылдау 31 тамызда аяқталады.",
    textRu: "Напоминание: приём в 1 класс заканчивается 31 августа.",
  },
);
let lastReport = 0;
for (;;) {
  const current = await getCampaign(db, campaign.id);
  if (fanoutOnly && current?.fanout_done === 1) break;
  if (current?.status === "completed" || current?.status === "cancelled") break;
  if (performance.now() - lastReport > 10_000) {
    lastReport = performance.now();
    console.log(
      `  … ${server.stats.messagesSent} sent after ${((lastReport - started) / 1000).toFixed(0)} s`,
    );
  }
  await new Promise((r) => setTimeout(r, 100));
}
const wall = (performance.now() - started) / 1000;
clearInterval(sampler);

if (fanoutOnly) {
  const queued = await runtime.sendQueue.count();
  console.log(`recorded and queued: ${queued} send jobs in ${wall.toFixed(1)} s`);
  console.log(
    `heap before the campaign: ${mb(heapBefore)}, peak heap: ${mb(peakHeap)}, peak RSS: ${mb(peakRss)}`,
  );
} else {
  const sent = server.stats.messagesSent;
  const seconds = (lastAt - firstAt) / 1000;
  const achieved = seconds > 0 ? (sent - 1) / seconds : sent;
  let duplicates = 0;
  let lost = 0;
  for (let i = 0; i < recipients; i++) {
    const n = perChat.get(firstChatId + i) ?? 0;
    if (n === 0) lost++;
    if (n > 1) duplicates += n - 1;
  }
  // Honoured: no request of ours started while the wait was running (50 ms for requests already on the wire).
  const honoured = limited.filter(
    (l) => !requestStarts.some((s) => s > l.at + 50 && s < l.at + l.retryAfterMs),
  ).length;
  const ratio = achieved / rate;
  console.log(
    `sent ${sent} in ${seconds.toFixed(1)} s (wall ${wall.toFixed(1)} s incl. audience and fan-out)`,
  );
  console.log(
    `achieved ${achieved.toFixed(2)} msg/s vs ceiling ${rate} msg/s: ratio ${(ratio * 100).toFixed(1)}% (target ≥ 95%)`,
  );
  console.log(`duplicates ${duplicates}, lost ${lost}`);
  console.log(
    `429 received ${server.stats.tooManyRequests} (by limit ${server.stats.tooManyRequestsByLimit}), honoured ${honoured}/${limited.length}`,
  );
  console.log(
    `largest per-chat rate ${server.stats.maxPerChatRate} msg/s, largest global rate ${server.stats.maxGlobalRate} msg/s in any second`,
  );
  console.log(
    `peak heap ${mb(peakHeap)} (before the campaign ${mb(heapBefore)}), peak RSS ${mb(peakRss)} (loopback server in the same process)`,
  );
  if (process.env.BENCH_DEBUG) {
    const calls = server.calls.all().filter((c) => c.method === "sendmessage");
    const limitedCalls = calls.filter((c) => c.status === 429).slice(0, 5);
    for (const c of limitedCalls) {
      const before = calls.filter(
        (x) => x.status === 200 && x.at <= c.at && x.at > c.at - 1000,
      ).length;
      const chatCalls = calls
        .filter((x) => x.chatId === c.chatId)
        .map((x) => `${x.status}@${x.at.toFixed(0)}`);
      console.log(
        `429 at ${c.at.toFixed(0)} chat ${c.chatId}: ${before} ok sends in the second before; chat calls ${chatCalls.join(" ")}`,
      );
    }
  }
  const ok = ratio >= 0.95 && duplicates === 0 && lost === 0;
  console.log(ok ? "TARGET MET" : "TARGET MISSED");
  process.exitCode = ok ? 0 : 1;
}

await runtime.close();
await server.close();
await db.destroy();
await redis.stop();
await rm(dir, { recursive: true, force: true });
