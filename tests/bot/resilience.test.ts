import type { Message } from "grammy/types";
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

/** Polls a condition until it holds (an event we cannot subscribe to), failing after 5 s. */
async function waitFor(condition: () => Promise<boolean | undefined>) {
  const deadline = Date.now() + 5000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error("condition not met within 5 s");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

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
    const yes = option(buttonData(hasPmpk), "yes");
    // The session is written just after the reply: wait until it holds this step.
    await waitFor(async () => (await h.session(parent.id))?.flow?.path.includes("has-pmpk"));

    await redis.down();
    const during = parent.pressButton(hasPmpk, yes);
    const refused = await parent.waitForCallbackAnswer(during.id, 8000);
    expect(refused.text).toMatch(/временно недоступен/);
    expect(refused.showAlert).toBe(true);

    await redis.up();
    // The bot's connection comes back on its own schedule: each press is answered, and the first
    // one after the reconnection continues the walk where it was.
    let next: Message | undefined;
    for (let attempt = 0; attempt < 50 && !next; attempt++) {
      const query = parent.pressButton(hasPmpk, yes);
      const answer = await parent.waitForCallbackAnswer(query.id, 8000);
      if (answer.text) expect(answer.text).toMatch(/временно недоступен/);
      else next = await parent.waitForMessage(undefined, 8000);
    }
    expect(next?.text).toContain(
      h.deps.knowledge.current().catalogue.getService("special_admission")?.shortName.ru,
    );
    expect(inlineButtons(next as Message).some((b) => b.text.includes("Назад"))).toBe(true);
  }, 30_000);
});
