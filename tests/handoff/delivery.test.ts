import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queuePrefix } from "../../src/infra/redis.ts";
import { createHandoffDeliveryQueue } from "../../src/workers/handoff-delivery.ts";
import { type BotHarness, startBotHarness } from "../support/bot-harness.ts";
import { aigerim, createOperators, startDelivery } from "../support/handoff.ts";
import { startTestRedis, type TestRedis } from "../support/redis-server.ts";

// A redis-server of its own, restarted in the middle of a conversation.
let redis: TestRedis;
let h: BotHarness;
let delivery: Awaited<ReturnType<typeof startDelivery>>;
let operatorId: number;
beforeAll(async () => {
  redis = await startTestRedis();
  h = await startBotHarness({ redisUrl: redis.url });
  delivery = await startDelivery(h, redis.url);
  const [operator] = await createOperators(h, [aigerim]);
  operatorId = operator?.id ?? 0;
}, 60_000);
afterAll(async () => {
  await delivery?.close();
  await h?.close();
  await redis?.stop();
});

describe("delivery to the parent's chat", { timeout: 60_000 }, () => {
  it("a Redis restart mid-conversation loses and duplicates nothing; order kept, at most 1 message/s", async () => {
    const parent = h.user("ru");
    const { conversation } = await h.deps.handoff.request({
      channel: "telegram",
      chatId: String(parent.id),
      language: "ru",
      topic: null,
      context: { consented: false, language: "ru", turns: [] },
      question: "Нужен оператор",
    });
    const actor = { id: operatorId, role: "operator" as const };
    expect(await h.deps.handoff.take(conversation.id, actor)).toBe(true);
    const send = (n: number) =>
      h.deps.handoff.send(conversation.id, actor, { kind: "text", text: `Ответ номер ${n}` });
    for (const n of [1, 2, 3]) await send(n);
    await redis.restart(800);
    // Stored while Redis came back: queued by the producer or, failing that, by the sweep.
    for (const n of [4, 5, 6]) expect(await send(n)).toBeDefined();
    await parent.waitForMessage((m) => /Ответ номер 6/.test(m.text ?? ""), 20_000);
    const texts = parent
      .messages()
      .map((m) => m.text ?? "")
      .filter((t) => /Ответ номер|На связи/.test(t));
    expect(texts).toEqual([
      expect.stringMatching(/^На связи Айгерім \(оператор 1414\)/),
      ...[1, 2, 3, 4, 5, 6].map((n) => `Айгерім (оператор 1414):\nОтвет номер ${n}`),
    ]);
    expect(h.api.perChatMaxRate(parent.id)).toBeLessThanOrEqual(1);
    // Each row is marked right after its send.
    await expect
      .poll(async () =>
        (await h.deps.handoff.transcript(conversation.id)).filter(
          (m) => m.author !== "parent" && m.deliveredAt === null,
        ),
      )
      .toEqual([]);
  });

  it("a burst across two conversations of one chat reaches it in order, never two messages within a second", async () => {
    const parent = h.user("ru");
    const actor = { id: operatorId, role: "operator" as const };
    const ask = async () => {
      const { conversation } = await h.deps.handoff.request({
        channel: "telegram",
        chatId: String(parent.id),
        language: "ru",
        topic: null,
        context: { consented: false, language: "ru", turns: [] },
        question: "Нужен оператор",
      });
      expect(await h.deps.handoff.take(conversation.id, actor)).toBe(true);
      return conversation.id;
    };
    // Typed faster than a chat may receive; the parent's next conversation opens at once.
    const first = await ask();
    for (const n of [1, 2, 3])
      await h.deps.handoff.send(first, actor, { kind: "text", text: `Пачка ${n}` });
    expect(await h.deps.handoff.close(first, actor, "answered")).toBe(true);
    const second = await ask();
    await h.deps.handoff.send(second, actor, { kind: "text", text: "Пачка 4" });

    await parent.waitForMessage((m) => /Пачка 4/.test(m.text ?? ""), 30_000);
    const texts = parent
      .messages()
      .map((m) => m.text ?? "")
      .filter((t) => /Пачка|На связи|завершил/.test(t));
    expect(texts).toEqual([
      expect.stringMatching(/^На связи Айгерім/),
      ...[1, 2, 3].map((n) => `Айгерім (оператор 1414):\nПачка ${n}`),
      expect.stringMatching(/^Оператор завершил разговор/),
      expect.stringMatching(/^На связи Айгерім/),
      "Айгерім (оператор 1414):\nПачка 4",
    ]);
    // Counted by the Bot API server as the messages arrive.
    expect(h.api.perChatMaxRate(parent.id)).toBe(1);
  });

  it("a reply whose send from the console's process fails reaches the chat once, through the queued job", async () => {
    const parent = h.user("ru");
    const actor = { id: operatorId, role: "operator" as const };
    const { conversation } = await h.deps.handoff.request({
      channel: "telegram",
      chatId: String(parent.id),
      language: "ru",
      topic: null,
      context: { consented: false, language: "ru", turns: [] },
      question: "Нужен оператор",
    });
    expect(await h.deps.handoff.take(conversation.id, actor)).toBe(true);
    await parent.waitForMessage((m) => /На связи/.test(m.text ?? ""), 20_000);
    // The Bot API answers 502 to every send: the direct run fails and hands the reply over.
    h.api.faults.set({ rate5xx: { everyNth: 1, status: 502 }, methods: ["sendMessage"] });
    const first = await h.deps.handoff.send(conversation.id, actor, {
      kind: "text",
      text: "Сбой 1",
    });
    await h.deps.handoff.send(conversation.id, actor, { kind: "text", text: "Сбой 2" });
    const jobs = createHandoffDeliveryQueue(h.deps.redis, queuePrefix(redis.url, h.queuePrefix));
    await expect
      .poll(async () => Boolean(await jobs.getJob(`m-${first?.id}`)), { timeout: 15_000 })
      .toBe(true);
    await jobs.close();
    h.api.faults.clear();

    await parent.waitForMessage((m) => /Сбой 2/.test(m.text ?? ""), 30_000);
    const texts = parent
      .messages()
      .map((m) => m.text ?? "")
      .filter((t) => /Сбой/.test(t));
    expect(texts).toEqual(["Айгерім (оператор 1414):\nСбой 1", "Айгерім (оператор 1414):\nСбой 2"]);
    expect(h.api.perChatMaxRate(parent.id)).toBeLessThanOrEqual(1);
  });
});
