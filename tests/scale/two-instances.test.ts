import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import type { Message } from "grammy/types";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { linkTelegramUser } from "../../src/applications/registry.ts";
import { type Db, migrateToLatest, openDatabase } from "../../src/db/database.ts";
import { createClientConnection } from "../../src/infra/redis.ts";
import { createLogger } from "../../src/logger.ts";
import { importProvidersCsv } from "../../src/providers/directory.ts";
import { createBroadcastProducer } from "../../src/workers/broadcast-runtime.ts";
import { NOTICE_CONCURRENCY } from "../../src/workers/status-notify.ts";
import {
  type AppInstance,
  type RoundRobinProxy,
  startAppInstance,
  startRoundRobinProxy,
} from "../support/instances.ts";
import { createDatabaseOn, dropDatabaseOn } from "../support/postgres-server.ts";
import { freePort, startTestRedis, type TestRedis } from "../support/redis-server.ts";
import {
  inlineButtons,
  type SimulatedUser,
  startTelegramApiServer,
  type TelegramApiServer,
} from "../support/telegram-api/index.ts";

/**
 * Two app processes (their own entry, webhook mode) on one PostgreSQL and one Redis, behind a
 * round-robin proxy that the loopback Bot API delivers its webhook updates to, 40 connections
 * at once and one update per chat at a time, retrying what got no 2xx, as Telegram does.
 * 200 parents (Kazakh and Russian) talk to the bot; one instance is killed mid-run.
 */

const PARENTS = 200;
const secret = `two-instances-${randomUUID()}`;
const schoolToken = `school-${randomUUID()}`;
const application = "65H9-THPJ-H6NA";
const reminderMark = randomUUID().slice(0, 8);

let redis: TestRedis;
let databaseUrl: string;
let db: Db;
let api: TelegramApiServer;
let proxy: RoundRobinProxy;
let instances: AppInstance[] = [];

beforeAll(async () => {
  redis = await startTestRedis();
  databaseUrl = await createDatabaseOn(inject("postgresAdminUrl"));
  db = await openDatabase(databaseUrl);
  await migrateToLatest(db);
  await importProvidersCsv(db, await readFile("demo/providers.csv", "utf8"));
  api = await startTelegramApiServer({
    limits: false,
    webhook: { maxConnections: 40, timeoutMs: 30_000 },
  });
  const ports = [await freePort(), await freePort()];
  proxy = await startRoundRobinProxy(ports.map((port) => `http://127.0.0.1:${port}`));
  const env = {
    NODE_ENV: "test",
    LOG_LEVEL: "warn",
    REDIS_URL: redis.url,
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: "5",
    BOT_TOKEN: api.token,
    TELEGRAM_API_ROOT: api.apiRoot,
    WEBHOOK_URL: proxy.url,
    WEBHOOK_SECRET: secret,
    DEMO_DATA: "1",
    PROVIDER_API_TOKENS: `ast-school-12:${schoolToken}`,
    QUIET_HOURS: "",
    SESSION_SECRET: "two-instances-session-secret-0123456789",
    PHONE_HASH_SECRET: "two-instances-phone-pepper-0123456789",
  };
  // Started together, as a deployment starts its replicas: migrations and demo data race.
  instances = await Promise.all(
    ["A", "B"].map((name, i) =>
      startAppInstance(name, env, { port: ports[i] as number, readyTimeoutMs: 240_000 }),
    ),
  );
}, 300_000);

afterAll(async () => {
  await Promise.all(instances.map((instance) => instance.stop()));
  await api?.close();
  await proxy?.close();
  await db?.destroy();
  if (databaseUrl) await dropDatabaseOn(inject("postgresAdminUrl"), databaseUrl);
  await redis?.stop();
}, 60_000);

const greeting = /^(Сәлеметсіз бе|Здравствуйте)/;
const help = /^(Мен не істей аламын|Что я умею)/;
const contact = /^(Мемлекеттік қызметтер бойынша бірыңғай|Единый контакт-центр)/;
const kinds = { start: greeting, help, contact } as const;
// Kazakh first: even ids speak Kazakh.
const languageOf = (parent: SimulatedUser) => (parent.id % 2 === 0 ? "kk" : "ru");
const kindOf = (message: Message) =>
  (Object.keys(kinds) as (keyof typeof kinds)[]).find((kind) =>
    kinds[kind].test(message.text ?? ""),
  );

/** Three commands at once, then the /subscribe flow step by step, as a person does. */
async function converse(parent: SimulatedUser) {
  parent.sendCommand("/start");
  parent.sendCommand("/help");
  parent.sendCommand("/contact");
  await parent.waitForMessage((m) => contact.test(m.text ?? ""), 90_000);
  parent.sendCommand("/subscribe");
  const regions = await parent.waitForMessage((m) => inlineButtons(m).length > 0, 90_000);
  parent.pressButton(regions, "sub:r:astana");
  await parent.waitForMessage(
    (m) => inlineButtons(m).some((b) => b.callbackData?.startsWith("sub:p:")),
    90_000,
  );
  parent.sendText("№ 45");
  const found = await parent.waitForMessage(
    (m) => inlineButtons(m).some((b) => b.callbackData === "sub:p:0"),
    90_000,
  );
  parent.pressButton(found, "sub:p:0");
  const grades = await parent.waitForMessage(
    (m) => inlineButtons(m).some((b) => b.callbackData === "sub:g:first_grade"),
    90_000,
  );
  parent.pressButton(grades, "sub:g:first_grade");
  const languages = await parent.waitForMessage(
    (m) => inlineButtons(m).some((b) => b.callbackData?.startsWith("sub:l:")),
    90_000,
  );
  parent.pressButton(languages, `sub:l:${languageOf(parent)}`);
  await parent.waitForMessage((m) => m.text?.includes("/subscriptions") === true, 90_000);
}

describe("two instances behind one bot", () => {
  it("answers every update once and in order per chat, sends reminders and stage notices once, and loses nothing when one instance is killed", async () => {
    for (const instance of instances) {
      const health = (await (await fetch(`${instance.url}/healthz`)).json()) as Record<
        string,
        unknown
      >;
      expect(health).toMatchObject({ engine: "postgres", bot: "webhook" });
    }
    const parents = Array.from({ length: PARENTS }, (_, i) =>
      api.user({
        id: 700_000 + i,
        firstName: i % 2 === 0 ? "Айгерім" : "Ольга",
        languageCode: i % 2 === 0 ? "kk" : "ru",
      }),
    );
    // Linked to an application, so that its stage change owes each of them one notice.
    for (const parent of parents)
      await linkTelegramUser(db, {
        applicationId: application,
        userId: String(parent.id),
        method: "contact",
        language: languageOf(parent),
      });

    const conversations = Promise.all(
      parents.map((parent) =>
        converse(parent).catch((error: Error) => {
          throw new Error(`${error.message}\n${diagnostics(parent)}`);
        }),
      ),
    );

    // Mid-run: a stage change through the proxy (either instance), then B dies at once.
    await waitUntil(() => (proxy.stats.forwarded[1] ?? 0) >= PARENTS * 2, 120_000);
    const moved = await fetch(`${proxy.url}/api/provider/v1/applications/${application}/stage`, {
      method: "POST",
      headers: { authorization: `Bearer ${schoolToken}`, "content-type": "application/json" },
      body: JSON.stringify({ stage: "result_prepared" }),
    });
    expect(moved.status).toBe(200);
    const inFlightAtKill = proxy.inFlight(1);
    await instances[1]?.kill();

    await conversations;

    // A school's reminder to its first-grade subscribers, fanned out by the surviving workers.
    const producerRedis = createClientConnection(redis.url);
    const producer = createBroadcastProducer({
      db,
      connection: producerRedis,
      logger: createLogger({ LOG_LEVEL: "silent", NODE_ENV: "test" }),
    });
    const campaign = await producer.service.create(
      { role: "school_admin", providerId: "ast-school-45" },
      {
        scope: "provider",
        providerId: "ast-school-45",
        grade: "first_grade",
        textKk: `Еске салу ${reminderMark}: құжат қабылдау жалғасуда.`,
        textRu: `Напоминание ${reminderMark}: приём документов продолжается.`,
      },
    );
    const reminders = (parent: SimulatedUser) =>
      parent.messages().filter((m) => m.text?.includes(reminderMark)).length;
    const notices = (parent: SimulatedUser) =>
      parent.messages().filter((m) => m.text?.includes(application)).length;
    const delivered = async () =>
      Number(
        (
          await db
            .selectFrom("stage_notification")
            .select((eb) => eb.fn.countAll<number>().as("n"))
            .where("delivered_at", "is not", null)
            .executeTakeFirstOrThrow()
        ).n,
      );
    const remindersSent = async () =>
      Number(
        (
          await db
            .selectFrom("campaign_recipient")
            .select((eb) => eb.fn.countAll<number>().as("n"))
            .where("status", "=", "sent")
            .executeTakeFirstOrThrow()
        ).n,
      );
    // Both are recorded as delivered in PostgreSQL, then every parent has had both messages. A
    // notice B had claimed when it died is sent by A once the queue sees B's job stalled.
    await waitUntil(async () => (await delivered()) === PARENTS, 180_000);
    await waitUntil(async () => (await remindersSent()) === PARENTS, 180_000);
    await waitUntil(
      () => parents.every((parent) => reminders(parent) >= 1 && notices(parent) >= 1),
      30_000,
    );
    await producer.close();
    producerRedis.disconnect();
    expect(campaign.id).toBeGreaterThan(0);

    // Nothing lost, nothing twice: per parent the three answers in the order asked, the
    // subscription, one reminder, at least one stage notice. An update B was handling when it
    // died may have been answered by B and then again by A (Telegram got no 200 for it): at most
    // those. Likewise a notice B was sending when it died (the Bot API may have taken it before
    // B could record that) is sent again by A: at most as many as B's notice worker runs at once.
    // Every parent went through the same steps, so all see the same number of answers (edits
    // apply in place); more means an update answered twice, fewer one lost.
    const answersOf = (parent: SimulatedUser) =>
      parent.messages().filter((m) => !m.text?.includes(application)).length;
    const seen = parents.map(answersOf);
    const usual = Math.min(...seen);
    const twice = seen.reduce((sum, n) => sum + (n - usual), 0);
    expect(seen.filter((n) => n === usual).length).toBeGreaterThan(PARENTS - inFlightAtKill - 1);
    for (const parent of parents) {
      const answers = parent
        .messages()
        .map(kindOf)
        .filter((kind) => kind !== undefined);
      const firsts = answers.filter((kind, i) => answers.indexOf(kind) === i);
      expect(firsts, `chat ${parent.id}`).toEqual(["start", "help", "contact"]);
      expect(reminders(parent), `chat ${parent.id}`).toBe(1);
      expect(notices(parent), `chat ${parent.id}`).toBeGreaterThanOrEqual(1);
    }
    expect(twice).toBeLessThanOrEqual(inFlightAtKill);
    const noticesTwice = parents.reduce((sum, parent) => sum + notices(parent) - 1, 0);
    expect(noticesTwice).toBeLessThanOrEqual(NOTICE_CONCURRENCY);
    const subscribed = await db
      .selectFrom("subscription")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("provider_id", "=", "ast-school-45")
      .executeTakeFirstOrThrow();
    expect(Number(subscribed.n)).toBe(PARENTS);
    expect(api.stats.updates.pending).toBe(0);
    process.stdout.write(
      `two instances: ${api.stats.updates.created} updates, webhook ${JSON.stringify(api.webhookStats)}, proxy ${JSON.stringify(proxy.stats)}, in flight on B at kill ${inFlightAtKill}, answered twice ${twice}, notices twice ${noticesTwice}\n`,
    );
  }, 600_000);
});

/** What a failure message needs: the chat's transcript, the deliveries, the instances' logs. */
function diagnostics(parent: SimulatedUser): string {
  const transcript = parent
    .messages()
    .map((m) => (m.text ?? "").slice(0, 40))
    .join(" | ");
  return [
    `transcript: ${transcript}`,
    `updates ${JSON.stringify(api.stats.updates)} webhook ${JSON.stringify(api.webhookStats)} proxy ${JSON.stringify(proxy.stats)}`,
    ...instances.map((instance) => `--- ${instance.name}:\n${instance.output().slice(-3000)}`),
  ].join("\n");
}

async function waitUntil(
  condition: () => boolean | Promise<boolean>,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
