import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readContext } from "../../src/handoff/context.ts";
import {
  type BotHarness,
  buttonData,
  findButton,
  press,
  startBotHarness,
  TUESDAY_MORNING,
} from "../support/bot-harness.ts";
import { aigerim, createOperators, startDelivery } from "../support/handoff.ts";
import { testRedisUrl } from "../support/suite-redis.ts";

const redisUrl = () => testRedisUrl();

describe("a parent asks for a person in Kazakh, while the centre works", () => {
  let h: BotHarness;
  let delivery: Awaited<ReturnType<typeof startDelivery>>;
  let operatorId: number;
  beforeAll(async () => {
    h = await startBotHarness({ redisUrl: redisUrl(), env: { LOG_LEVEL: "warn" } });
    delivery = await startDelivery(h, redisUrl());
    const [operator] = await createOperators(h, [aigerim]);
    operatorId = operator?.id ?? 0;
    await h.deps.handoff.presence.set(operatorId, "online");
  });
  afterAll(async () => {
    await delivery?.close();
    await h?.close();
  });

  it("queues with consent, relays both ways with the operator's first name, ends and is rated", async () => {
    const parent = h.user("kk");
    parent.sendText("Үйде оқытуға қандай құжаттар керек?");
    const answer = await parent.waitForMessage();
    expect(answer.text).toMatch(/Үйде оқыту/);

    parent.sendText("адаммен сөйлескім келеді");
    const start = await parent.waitForMessage();
    expect(start.text).toMatch(/1414 операторлары қазір жұмыс істейді/);
    expect(start.text).toMatch(/Телефон нөміріңіз берілмейді/);
    const ask = await press(parent, start, findButton(start, "Иә"));
    expect(ask.text).toMatch(/Сұрағыңызды бір хабарламамен жазыңыз/);
    parent.sendText("Балам ауырып жүр, ЖСН 150101500123, мектеп құжатты қабылдамай жатыр");
    const queued = await parent.waitForMessage();
    expect(queued.text).toBe("Күтіңіз, сіз кезектесіз: 1-ші.");
    expect(buttonData(queued)).toContain("h:e");

    const open = await h.deps.handoff.openFor("telegram", String(parent.id));
    expect(open?.status).toBe("waiting");
    if (!open) throw new Error("no conversation");
    const context = readContext(open.contextJson, open.language);
    expect(context).toMatchObject({ consented: true, language: "kk", topic: "home_schooling" });
    expect(context.turns[0]?.question).toMatch(/Үйде оқытуға/);
    const question = (await h.deps.handoff.transcript(open.id))[0];
    expect(question?.text).toMatch(/ЖСН \[ЖСН\]|\[ЖСН\]/);
    expect(question?.text).not.toMatch(/150101500123/);

    // While waiting, the bot does not answer: the text joins the question.
    parent.sendText("Үйде оқыту қанша күнде қаралады?");
    await expect.poll(async () => (await h.deps.handoff.transcript(open.id)).length).toBe(2);

    expect(await h.deps.handoff.take(open.id, { id: operatorId, role: "operator" })).toBe(true);
    const taken = await parent.waitForMessage((m) => /сізбен сөйлесуде/.test(m.text ?? ""));
    expect(taken.text).toMatch(/^Айгерім \(1414 операторы\)/);
    expect(taken.text).not.toMatch(/Серікова/);

    await h.deps.handoff.send(
      open.id,
      { id: operatorId, role: "operator" },
      {
        kind: "text",
        text: "Сәлеметсіз бе! Мектепке ДКК қорытындысын апарыңыз.",
      },
    );
    await h.deps.handoff.send(
      open.id,
      { id: operatorId, role: "operator" },
      {
        kind: "card",
        text: "home_schooling",
        ref: "home_schooling",
      },
    );
    const reply = await parent.waitForMessage((m) => /ДКК қорытындысын/.test(m.text ?? ""));
    expect(reply.text).toMatch(/^Айгерім \(1414 операторы\):\n/);
    const card = await parent.waitForMessage(
      (m) => /Үйде оқыту/.test(m.text ?? "") && m.message_id > reply.message_id,
    );
    expect(buttonData(card).some((d) => d.startsWith("c:home_schooling"))).toBe(true);

    parent.sendText("Рахмет, түсіндім");
    await expect
      .poll(async () => (await h.deps.handoff.transcript(open.id)).at(-1)?.text)
      .toBe("Рахмет, түсіндім");

    parent.sendText("Аяқтау");
    const ended = await parent.waitForMessage((m) => /Әңгіме аяқталды/.test(m.text ?? ""));
    expect(ended.text).toMatch(/Бот қайтадан өзі жауап береді/);
    const rating = await parent.waitForMessage((m) =>
      buttonData(m).some((d) => d.startsWith("h:r:")),
    );
    parent.pressButton(rating, `h:r:${open.id}:5`);
    await parent.waitForMessage((m) => /Пікір қалдырғыңыз келсе/.test(m.text ?? ""));
    parent.sendText("Өте жақсы көмектесті");
    await parent.waitForMessage((m) => /Пікіріңізге рахмет/.test(m.text ?? ""));
    const closed = await h.deps.handoff.conversation(open.id);
    expect(closed).toMatchObject({
      status: "closed",
      rating: 5,
      ratingComment: "Өте жақсы көмектесті",
    });

    // The bot answers again.
    parent.sendText("ПМПК дегеніміз не?");
    const again = await parent.waitForMessage();
    expect(again.text).toMatch(/ПМПК/);
  });

  it("/help says how to reach a person, and the words it suggests do reach one (kk, then ru)", async () => {
    for (const [lang, button] of [
      ["kk", "👩‍💼 Операторға жазу"],
      ["ru", "👩‍💼 Написать оператору"],
    ] as const) {
      const parent = h.user(lang);
      parent.sendCommand("/help");
      const help = (await parent.waitForMessage()).text ?? "";
      const line = help.split("\n").find((l) => l.includes(`«${button}»`)) ?? "";
      expect(line).toMatch(/1414/);
      // The phrase in quotes after the button's name, typed as the parent would.
      const phrase = [...line.matchAll(/«([^»]+)»/g)].map((m) => m[1])[1] ?? "";
      expect(phrase.length).toBeGreaterThan(5);
      parent.sendText(phrase);
      const start = await parent.waitForMessage();
      expect(buttonData(start)).toContain("h:c:y");
    }
  });

  it("a second request from the same chat joins the open conversation", async () => {
    const parent = h.user("ru");
    const start = await press(
      parent,
      await (async () => {
        parent.sendCommand("/start");
        return parent.waitForMessage((m) => buttonData(m).includes("m:person"));
      })(),
      "m:person",
    );
    const ask = await press(parent, start, "h:c:n");
    await press(parent, ask, "h:s");
    const first = await h.deps.handoff.openFor("telegram", String(parent.id));
    const again = await h.deps.handoff.request({
      channel: "telegram",
      chatId: String(parent.id),
      language: "ru",
      topic: null,
      context: { consented: false, language: "ru", turns: [] },
      question: "ещё вопрос",
    });
    expect(again.joined).toBe(true);
    expect(again.conversation.id).toBe(first?.id);
    expect(readContext(again.conversation.contextJson, "ru")).toEqual({
      consented: false,
      language: "ru",
      turns: [],
    });
  });
});

describe("off-hours on a public holiday", () => {
  // 16 December 2026 (Independence Day, a Wednesday), 11:00 in Almaty.
  const holiday = new Date("2026-12-16T06:00:00Z");
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness({ redisUrl: redisUrl(), now: () => holiday });
    const [operator] = await createOperators(h, [aigerim]);
    await h.deps.handoff.presence.set(operator?.id ?? 0, "online");
  });
  afterAll(async () => {
    await h?.close();
  });

  it("kk: says the centre is closed and promises the next working day, and the question waits", async () => {
    const parent = h.user("kk");
    parent.sendText("оператормен сөйлескім келеді");
    const start = await parent.waitForMessage();
    expect(start.text).toMatch(/Қазір 1414 операторлары жұмыс істемейді/);
    // The next working day is Thursday 17 December, from 09:00.
    expect(start.text).toMatch(/17 .* 09:00/);
    const ask = await press(parent, start, "h:c:y");
    parent.sendText("Арнаулы мектепке қабылдау қашан басталады?");
    const kept = await parent.waitForMessage();
    expect(kept.text).toMatch(
      /Сұрағыңыз сақталды\. Оператор жауабы күтілетін уақыт: .*17.*, 09:00;/,
    );
    expect(ask.message_id).toBeLessThan(kept.message_id);
    const open = await h.deps.handoff.openFor("telegram", String(parent.id));
    expect(open?.status).toBe("waiting");
    expect(open?.expectedAt).toBe("2026-12-17T04:00:00.000Z");
    expect((await h.deps.handoff.transcript(open?.id ?? 0))[0]?.text).toBe(
      "Арнаулы мектепке қабылдау қашан басталады?",
    );
  });

  it("ru: the same promise in Russian", async () => {
    const parent = h.user("ru");
    parent.sendText("дайте оператора");
    const start = await parent.waitForMessage();
    expect(start.text).toMatch(/Сейчас операторы 1414 не работают/);
    expect(start.text).toMatch(/ответ ожидается: чт, 17 дек\., 09:00\./);
  });
});

it("the harness clock is a working Tuesday morning", () => {
  expect(TUESDAY_MORNING.toISOString()).toBe("2025-11-25T05:00:00.000Z");
});
