import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFlow, loadFlows } from "../../src/flows/flows.ts";
import { type BotHarness, findButton, startBotHarness } from "../support/bot-harness.ts";
import { testRedisUrl } from "../support/suite-redis.ts";
import { inlineButtons } from "../support/telegram-api/index.ts";

let h: BotHarness;
beforeAll(async () => {
  h = await startBotHarness({ redisUrl: testRedisUrl() });
});
afterAll(async () => {
  await h?.close();
});

describe("free text", () => {
  it("answers a Kazakh question in Kazakh with citations and feedback buttons", async () => {
    const parent = h.user("kk");
    parent.sendText("Үйде оқытуға қандай құжаттар керек?");
    const answer = await parent.waitForMessage();
    expect(answer.text).toMatch(/ДКК/);
    expect(answer.text).toMatch(/№ 223/);
    const texts = inlineButtons(answer).map((b) => b.text);
    expect(texts).toEqual(expect.arrayContaining(["👍 Пайдалы", "👎 Пайдасыз", "Қызмет картасы"]));
  });

  it("answers a Russian question in Russian even when the interface is Kazakh", async () => {
    const parent = h.user("kk");
    parent.sendText("Какие документы нужны для обучения на дому?");
    const answer = await parent.waitForMessage();
    expect(answer.text).toMatch(/ВКК|врачебно/);
    expect(inlineButtons(answer).map((b) => b.text)).toContain("👍 Полезно");
  });

  it("stores a verdict with the question and removes the verdict buttons", async () => {
    const parent = h.user("ru");
    parent.sendText("сколько дней рассматривают заявление на обучение на дому?");
    const answer = await parent.waitForMessage();
    const query = parent.pressButton(answer, findButton(answer, "Не помогло"));
    const reply = await parent.waitForCallbackAnswer(query.id);
    expect(reply.text).toMatch(/Операторы посмотрят/);
    const rows = await h.deps.db.selectFrom("answer_feedback").selectAll().execute();
    expect(rows.some((r) => r.helpful === 0 && /обучение на дому/.test(r.question))).toBe(true);
    const edited = await parent.waitForMessage((m) => m.message_id === answer.message_id);
    expect(inlineButtons(edited).map((b) => b.text)).not.toContain("👍 Полезно");
  });

  it("answers a message with an ИИН and a phone without storing them", async () => {
    const parent = h.user("ru");
    parent.sendText(
      "ИИН ребенка 150101500123, мой телефон +7 701 234 56 78, какие документы в ПМПК?",
    );
    const note = await parent.waitForMessage();
    expect(note.text).toMatch(/персональные данные/);
    const answer = await parent.waitForMessage((m) => m.message_id > note.message_id);
    const query = parent.pressButton(answer, findButton(answer, "Полезно"));
    await parent.waitForCallbackAnswer(query.id);
    const rows = await h.deps.db.selectFrom("answer_feedback").selectAll().execute();
    const stored = rows.map((r) => r.question).join("\n");
    expect(stored).toMatch(/какие документы в ПМПК/);
    expect(stored).not.toMatch(/150101500123|234 56 78/);
  });

  it("says a feedback button has expired when its answer is forgotten", async () => {
    const parent = h.user("kk");
    parent.sendText("ПМПК қайда орналасқан?");
    const answer = await parent.waitForMessage();
    const data = findButton(answer, "Пайдалы");
    await h.deps.redis.del(`${h.redisPrefix}answer:${data.split(":")[1]}`);
    const query = parent.pressButton(answer, data);
    expect((await parent.waitForCallbackAnswer(query.id)).text).toMatch(/мерзімі өтті/);
  });
});

describe("stale buttons", () => {
  it("restarts the flow when its buttons come from before a restart with a changed flow", async () => {
    const parent = h.user("ru");
    parent.sendCommand("/flow");
    const first = await parent.waitForMessage();
    const set = await loadFlows("flows");
    const current = set.get("which-service");
    if (!current) throw new Error("no flow");
    const changed = createFlow(
      { ...current.definition, title: { kk: "Жаңа", ru: "Новая" } },
      current.file,
      "changed",
    );
    await h.restartBot({
      flows: { flows: [changed], get: (id) => (id === changed.id ? changed : undefined) },
    });
    try {
      const query = parent.pressButton(first, inlineButtons(first)[0]?.callbackData ?? "");
      expect((await parent.waitForCallbackAnswer(query.id)).text).toMatch(/Вопросы обновились/);
      const restarted = await parent.waitForMessage((m) => m.message_id > first.message_id);
      expect(restarted.text).toMatch(/Какая ситуация/);
    } finally {
      await h.restartBot({ flows: set });
    }
  });

  it("says a flow button expired when the session is gone (Redis lost it, 30 days passed)", async () => {
    const parent = h.user("kk");
    parent.sendCommand("/flow");
    const first = await parent.waitForMessage();
    parent.pressButton(first, inlineButtons(first)[0]?.callbackData ?? "");
    const vkk = await parent.waitForMessage();
    await h.forgetSession(parent.id);
    const query = parent.pressButton(vkk, inlineButtons(vkk)[0]?.callbackData ?? "");
    expect((await parent.waitForCallbackAnswer(query.id)).text).toMatch(/ескі хабарламадан/);
    expect((await parent.waitForMessage()).text).toMatch(/Қай жағдай/);
  });

  it("keeps card buttons of old messages working (they carry the service, not the session)", async () => {
    const parent = h.user("ru");
    parent.sendCommand("/start");
    const menu = await parent.waitForMessage();
    parent.pressButton(menu, "m:services");
    const list = await parent.waitForMessage();
    parent.pressButton(list, "c:pmpk");
    const card = await parent.waitForMessage();
    await h.forgetSession(parent.id);
    parent.pressButton(card, findButton(card, "📚"));
    expect((await parent.waitForMessage()).text).toMatch(/Источники/);
  });
});
