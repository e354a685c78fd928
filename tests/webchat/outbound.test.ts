import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCampaignQueue, scheduleCampaignStart } from "../../src/broadcasts/queues.ts";
import { createDueWindowReminders } from "../../src/broadcasts/reminders.ts";
import { buildApp } from "../support/app.ts";
import { startTestRedis, type TestRedis } from "../support/redis-server.ts";
import {
  inlineButtons,
  type SimulatedUser,
  startTelegramApiServer,
} from "../support/telegram-api/index.ts";
import { WebChatClient } from "./client.ts";

/**
 * What the app sends on its own, not as a reply (stage notices, reminder broadcasts), leaves
 * through the one outbound Api: a web chat's arrives as a bubble in the page, a Telegram chat's
 * in Telegram. The whole app as `npm start` runs it, with the bot on the loopback Bot API, a
 * redis-server of its own (the campaign queue has the app's default prefix) and SQLite.
 */
let redis: TestRedis;
let telegram: Awaited<ReturnType<typeof startTelegramApiServer>>;
let app: Awaited<ReturnType<typeof buildApp>>;
const clients: WebChatClient[] = [];

beforeAll(async () => {
  redis = await startTestRedis();
  telegram = await startTelegramApiServer({ limits: false });
  app = await buildApp(redis.url, {
    BOT_TOKEN: telegram.token,
    TELEGRAM_API_ROOT: telegram.apiRoot,
    DEMO_DATA: "1",
    // Reminders go out whatever the hour of the run.
    QUIET_HOURS: "",
  });
}, 60_000);
afterAll(async () => {
  for (const client of clients) await client.close();
  await app?.close();
  await telegram?.close();
  await redis?.stop();
});

async function visitor() {
  const client = new WebChatClient(app.url, "kk");
  clients.push(client);
  await client.hello();
  await client.follow();
  return client;
}

describe("notices and reminders in the web chat", { timeout: 60_000 }, () => {
  it("a parent who proved an application with its PIN in the web chat gets its stage change there", async () => {
    const client = await visitor();
    await client.say("/status 65H9-THPJ-H6NA");
    const ask = await client.waitForBot((m) => (m.buttons?.flat().length ?? 0) > 0);
    await client.pressData(ask, "st:cy");
    await client.waitForBot((m) => /қаралуда/.test(m.plain));
    await client.say("PIN-кодты енгізу");
    await client.waitForBot();
    await client.say("482913");
    await client.waitForBot((m) => /Тарих:|Мектеп/.test(m.plain));

    const moved = await app.deps.registry.moveStage({
      applicationId: "65H9-THPJ-H6NA",
      stage: "result_prepared",
      actor: "provider:ast-school-12",
    });
    expect(moved.changed).toBe(true);
    const notice = await client.waitForBot((m) => /кезеңі өзгерді/.test(m.plain), 20_000);
    expect(notice.plain).toBe("65H9-THPJ-H6NA өтінішінің кезеңі өзгерді: нәтиже дайындалды.");
  });

  it("a reminder reaches a web-chat subscriber in the page and a Telegram subscriber in Telegram", async () => {
    const client = await visitor();
    await client.say("/subscribe");
    const regions = await client.waitForBot((m) => (m.buttons?.flat().length ?? 0) > 0);
    await client.pressData(regions, "sub:r:astana");
    await client.waitForBot();
    await client.say("№ 45");
    const found = await client.waitForBot((m) => (m.buttons?.flat().length ?? 0) > 0);
    await client.pressData(found, "sub:p:0");
    const grades = await client.waitForBot((m) => (m.buttons?.flat().length ?? 0) > 0);
    await client.pressData(grades, "sub:g:first_grade");
    const languages = await client.waitForBot((m) => (m.buttons?.flat().length ?? 0) > 0);
    await client.pressData(languages, "sub:l:kk");
    await client.waitForBot((m) => m.plain.includes("/subscriptions"));

    const parent: SimulatedUser = telegram.user({
      id: 700_000 + Math.floor(Math.random() * 100_000),
      firstName: "Ата-ана",
      languageCode: "kk",
    });
    parent.sendCommand("/subscribe");
    const tgRegions = await parent.waitForMessage((m) => inlineButtons(m).length > 0);
    parent.pressButton(tgRegions, "sub:r:astana");
    await parent.waitForMessage((m) => m.message_id > tgRegions.message_id);
    parent.sendText("№ 45");
    const tgFound = await parent.waitForMessage((m) => /sub:p:0/.test(JSON.stringify(m)));
    parent.pressButton(tgFound, "sub:p:0");
    const tgGrades = await parent.waitForMessage((m) => /sub:g:/.test(JSON.stringify(m)));
    parent.pressButton(tgGrades, "sub:g:first_grade");
    const tgLanguages = await parent.waitForMessage((m) => /sub:l:/.test(JSON.stringify(m)));
    parent.pressButton(tgLanguages, "sub:l:kk");
    await parent.waitForMessage((m) => m.text?.includes("/subscriptions") === true);

    // The reminders job's own step, on the day the first-grade window opens.
    const t = (lang: "kk" | "ru", key: string, vars?: Record<string, string | number>) =>
      app.deps.i18n.t(lang, key, vars);
    const created = await createDueWindowReminders(
      app.deps.db,
      app.deps.knowledge.current().catalogue,
      t,
      { now: new Date("2026-04-02T10:00:00+05:00"), daysBeforeClose: 7 },
    );
    const reminder = created.find((c) => c.window_key === "first_grade:2026:opens");
    if (!reminder) throw new Error("no first-grade reminder");
    const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
    const campaigns = createCampaignQueue(connection);
    try {
      await scheduleCampaignStart(campaigns, reminder, new Date());
    } finally {
      await campaigns.close();
      connection.disconnect();
    }

    const opening = reminder.text_kk.slice(0, 40);
    const bubble = await client.waitForBot((m) => m.plain.startsWith(opening), 30_000);
    expect(bubble.plain).toContain("01.04.2026");
    const inTelegram = await parent.waitForMessage((m) => m.text?.startsWith(opening) === true);
    expect(inTelegram.text).toContain("01.04.2026");
  });
});
