import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BotHarness, press, startBotHarness } from "../support/bot-harness.ts";
import { aigerim, createOperators, startDelivery } from "../support/handoff.ts";
import { testRedisUrl } from "../support/suite-redis.ts";

const redisUrl = testRedisUrl;

describe("a conversation with an operator outlives a restart of the bot and its workers", () => {
  let h: BotHarness;
  let delivery: Awaited<ReturnType<typeof startDelivery>> | undefined;
  let operatorId: number;
  beforeAll(async () => {
    h = await startBotHarness({ redisUrl: redisUrl() });
    delivery = await startDelivery(h, redisUrl());
    const [operator] = await createOperators(h, [aigerim]);
    operatorId = operator?.id ?? 0;
    await h.deps.handoff.presence.set(operatorId, "online");
  });
  afterAll(async () => {
    await delivery?.close();
    await h?.close();
  });

  it("ru: after the restart the parent's text still reaches the operator and the reply the parent", async () => {
    const parent = h.user("ru");
    const actor = { id: operatorId, role: "operator" as const };
    parent.sendText("дайте оператора");
    const start = await parent.waitForMessage();
    const ask = await press(parent, start, "h:c:n");
    expect(ask.text).toMatch(/Напишите вопрос/);
    parent.sendText("Школа не принимает заявление на надомное обучение");
    await parent.waitForMessage((m) => /в очереди: 1-й/.test(m.text ?? ""));
    const open = await h.deps.handoff.openFor("telegram", String(parent.id));
    if (!open) throw new Error("no conversation was opened");
    expect(await h.deps.handoff.take(open.id, actor)).toBe(true);
    await parent.waitForMessage((m) => /^На связи Айгерім/.test(m.text ?? ""));

    // The process goes down and comes back: a new bot and a new delivery worker.
    await delivery?.close();
    delivery = undefined;
    await h.restartBot();
    delivery = await startDelivery(h, redisUrl());

    parent.sendText("Какие документы взять с собой?");
    await expect
      .poll(async () => (await h.deps.handoff.transcript(open.id)).at(-1)?.text, {
        timeout: 10_000,
      })
      .toBe("Какие документы взять с собой?");
    await h.deps.handoff.send(open.id, actor, {
      kind: "text",
      text: "Заключение ВКК и заявление.",
    });
    const reply = await parent.waitForMessage((m) => /Заключение ВКК/.test(m.text ?? ""));
    expect(reply.text).toBe("Айгерім (оператор 1414):\nЗаключение ВКК и заявление.");

    parent.sendCommand("/cancel");
    await parent.waitForMessage((m) => /Разговор завершён/.test(m.text ?? ""));
    expect((await h.deps.handoff.conversation(open.id))?.status).toBe("closed");
  });

  it("kk: when Redis has forgotten the chat's session, the open conversation still holds the chat", async () => {
    const parent = h.user("kk");
    const actor = { id: operatorId, role: "operator" as const };
    parent.sendText("оператормен сөйлескім келеді");
    const start = await parent.waitForMessage();
    await press(parent, start, "h:c:n");
    parent.sendText("Мектеп өтінішті қабылдамай жатыр");
    await parent.waitForMessage((m) => /кезектесіз: 1-ші/.test(m.text ?? ""));
    const open = await h.deps.handoff.openFor("telegram", String(parent.id));
    if (!open) throw new Error("no conversation was opened");
    expect(await h.deps.handoff.take(open.id, actor)).toBe(true);
    await parent.waitForMessage((m) => /^Айгерім \(1414 операторы\)/.test(m.text ?? ""));

    // Redis comes back empty: the bot's session for this chat is gone.
    await h.forgetSession(parent.id);
    parent.sendText("Қандай құжат апару керек?");
    await expect
      .poll(async () => (await h.deps.handoff.transcript(open.id)).at(-1)?.text, {
        timeout: 10_000,
      })
      .toBe("Қандай құжат апару керек?");
    parent.sendText("Аяқтау");
    await parent.waitForMessage((m) => /Әңгіме аяқталды/.test(m.text ?? ""));
    expect((await h.deps.handoff.conversation(open.id))?.status).toBe("closed");
  });
});
