import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { Api } from "grammy";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { getCampaign } from "../../src/broadcasts/campaigns.ts";
import { listSubscriptions, subscribe } from "../../src/broadcasts/subscriptions.ts";
import { createTelegramSender } from "../../src/broadcasts/telegram-sender.ts";
import { importProvidersCsv } from "../../src/providers/directory.ts";
import { startBroadcastRuntime } from "../../src/workers/broadcast-runtime.ts";
import { type BotHarness, startBotHarness } from "../support/bot-harness.ts";
import { logger, t, waitFor } from "../support/broadcasts.ts";
import { testRedisUrl } from "../support/suite-redis.ts";
import { inlineButtons } from "../support/telegram-api/index.ts";
import { createHarnessCleanup } from "./cleanup.ts";

const redisUrl = testRedisUrl();

describe("subscriptions in the bot", () => {
  let harness: BotHarness;
  beforeEach(async () => {
    harness = await startBotHarness({ redisUrl });
    await importProvidersCsv(harness.deps.db, await readFile("demo/providers.csv", "utf8"));
  });
  afterEach(async () => {
    await harness.close();
  });

  it("/subscribe: region, school found by number, grade and language; /subscriptions lists it and removes it", async () => {
    const { db } = harness.deps;
    const parent = harness.user("ru");
    parent.sendCommand("/subscribe");
    const regions = await parent.waitForMessage((m) => inlineButtons(m).length > 0);
    parent.pressButton(regions, "sub:r:astana");
    await parent.waitForMessage((m) =>
      inlineButtons(m).some((b) => b.callbackData?.startsWith("sub:p:")),
    );
    parent.sendText("№ 45");
    const found = await parent.waitForMessage((m) =>
      inlineButtons(m).some((b) => b.callbackData === "sub:p:0"),
    );
    expect(inlineButtons(found).map((b) => b.text)).toEqual([expect.stringContaining("№ 45")]);
    parent.pressButton(found, "sub:p:0");
    const grades = await parent.waitForMessage((m) => inlineButtons(m).length > 0);
    parent.pressButton(grades, "sub:g:first_grade");
    const languages = await parent.waitForMessage((m) => inlineButtons(m).length > 0);
    parent.pressButton(languages, "sub:l:kk");
    const done = await parent.waitForMessage((m) => m.text?.includes("/subscriptions") === true);
    expect(done.text).toContain("Общеобразовательная школа № 45");

    const subscriptions = await listSubscriptions(db, parent.id);
    expect(subscriptions).toMatchObject([{ providerId: "ast-school-45", grade: "first_grade" }]);
    const subscriber = await db
      .selectFrom("subscriber")
      .selectAll()
      .where("chat_id", "=", parent.id)
      .executeTakeFirst();
    expect(subscriber).toMatchObject({ language: "kk", active: 1 });

    parent.sendCommand("/subscriptions");
    const list = await parent.waitForMessage((m) =>
      inlineButtons(m).some((b) => b.callbackData?.startsWith("sub:x:")),
    );
    parent.pressButton(list, `sub:x:${subscriptions[0]?.id}`);
    await parent.waitForMessage((m) => m.text?.includes("/subscribe") === true);
    expect(await listSubscriptions(db, parent.id)).toEqual([]);
  });

  it("a parent who blocks the bot is marked inactive, and active again on return", async () => {
    const { db } = harness.deps;
    const parent = harness.user("kk");
    await db
      .insertInto("subscriber")
      .values({
        chat_id: parent.id,
        language: "kk",
        active: 1,
        created_at: "2026-01-01",
        updated_at: "2026-01-01",
      })
      .execute();
    const active = async () =>
      (
        await db
          .selectFrom("subscriber")
          .select("active")
          .where("chat_id", "=", parent.id)
          .executeTakeFirst()
      )?.active;
    parent.block();
    await harness.api.waitUntilConfirmed();
    await expect.poll(active).toBe(0);
    parent.unblock();
    await harness.api.waitUntilConfirmed();
    await expect.poll(active).toBe(1);
  });

  it("a reminder arrives in the parent's language and its button unsubscribes from that school only", async () => {
    const { db } = harness.deps;
    const parent = harness.user("ru");
    await subscribe(db, {
      chatId: parent.id,
      providerId: "ast-school-12",
      grade: "first_grade",
      language: "ru",
    });
    await subscribe(db, {
      chatId: parent.id,
      providerId: "ast-school-45",
      grade: "other",
      language: "ru",
    });
    const cleanup = createHarnessCleanup();
    const prefix = `test-${randomUUID().slice(0, 8)}`;
    cleanup.track(prefix);
    const runtime = await startBroadcastRuntime({
      db,
      logger,
      redisUrl,
      prefix,
      sender: createTelegramSender(new Api(harness.api.token, { apiRoot: harness.api.apiRoot })),
      t,
      catalogue: () => harness.deps.knowledge.current().catalogue,
      ratePerSecond: 100,
      concurrency: 4,
      daysBeforeClose: 7,
    });
    try {
      const campaign = await runtime.service.create(
        { role: "school_admin", providerId: "ast-school-12" },
        {
          scope: "provider",
          providerId: "ast-school-12",
          textKk: "Ертең ата-аналар жиналысы.",
          textRu: "Завтра родительское собрание.",
        },
      );
      const reminder = await parent.waitForMessage(
        (m) => m.text === "Завтра родительское собрание.",
        5000,
      );
      await waitFor(async () => (await getCampaign(db, campaign.id))?.status === "completed");
      expect(inlineButtons(reminder).map((b) => b.text)).toEqual(["🔕 Отписаться от этой школы"]);
      parent.pressButton(reminder, `bcu:${campaign.id}`);
      await parent.waitForMessage((m) => m.text?.includes("больше не придут") === true);
      expect((await listSubscriptions(db, parent.id)).map((s) => s.providerId)).toEqual([
        "ast-school-45",
      ]);
    } finally {
      await runtime.close();
      await cleanup.run(redisUrl);
    }
  });
});
