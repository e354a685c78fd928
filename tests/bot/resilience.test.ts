import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BotHarness, buttonData, press, startBotHarness } from "../support/bot-harness.ts";
import { startTestRedis, type TestRedis } from "../support/redis-server.ts";
import { inlineButtons } from "../support/telegram-api/index.ts";

let redis: TestRedis;
let h: BotHarness;
beforeAll(async () => {
  redis = await startTestRedis();
  h = await startBotHarness({ redisUrl: redis.url });
});
afterAll(async () => {
  await h?.close();
  await redis?.stop();
});

const option = (data: string[], id: string) => data.find((d) => d.endsWith(`:${id}`)) ?? "";

describe("resilience", () => {
  it("finishes a conversation through a 429 storm (auto-retry honours retry_after)", async () => {
    const parent = h.user("kk");
    h.api.faults.set({ rate429: { everyNth: 2, retryAfter: 1 } });
    try {
      parent.sendCommand("/flow");
      const first = await parent.waitForMessage(undefined, 8000);
      parent.pressButton(first, option(buttonData(first), "development"));
      const card = await parent.waitForMessage(undefined, 8000);
      expect(card.text).toContain(
        h.deps.knowledge.current().catalogue.getService("rehabilitation")?.shortName.kk,
      );
      expect(h.api.stats.tooManyRequests).toBeGreaterThan(0);
    } finally {
      h.api.faults.clear();
    }
  });

  it("keeps the conversation through a Redis restart and says so while Redis is away", async () => {
    const parent = h.user("ru");
    parent.sendCommand("/flow");
    const first = await parent.waitForMessage();
    const hasPmpk = await press(parent, first, option(buttonData(first), "special"));
    // The session is written just after the reply; let it land before Redis goes down.
    await new Promise((resolve) => setTimeout(resolve, 100));

    const down = redis.restart(1500);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const during = parent.pressButton(hasPmpk, option(buttonData(hasPmpk), "yes"));
    const answer = await parent.waitForCallbackAnswer(during.id, 8000);
    await down;
    // Either Redis came back in time (the offline queue) or the parent was told to retry.
    if (answer.text) expect(answer.text).toMatch(/временно недоступен/);

    const current = parent.messages().find((m) => m.message_id === hasPmpk.message_id) ?? hasPmpk;
    const yes = option(buttonData(current), "yes");
    const next = yes ? await press(parent, current, yes) : current;
    expect(next.text).toContain(
      h.deps.knowledge.current().catalogue.getService("special_admission")?.shortName.ru,
    );
    expect(inlineButtons(next).some((b) => b.text.includes("Назад"))).toBe(true);
  }, 20_000);
});
