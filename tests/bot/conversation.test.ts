import type { Message } from "grammy/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type BotHarness,
  buttonData,
  findButton,
  press,
  startBotHarness,
} from "../support/bot-harness.ts";
import { testRedisUrl } from "../support/suite-redis.ts";
import type { SimulatedUser } from "../support/telegram-api/index.ts";

// Conversations as parents have them, through the loopback Bot API and a real Redis session.
let h: BotHarness;
beforeAll(async () => {
  h = await startBotHarness({ redisUrl: testRedisUrl() });
});
afterAll(async () => {
  await h?.close();
});

const option = (message: Message, id: string) =>
  buttonData(message).find((d) => d.endsWith(`:${id}`)) ?? "";

async function say(parent: SimulatedUser, text: string) {
  parent.sendText(text);
  return parent.waitForMessage();
}

describe("follow-ups resolve against the topic", () => {
  it("kk: after a home-schooling answer, how long / where / what if they don't answer", async () => {
    const parent = h.user("kk");
    const first = await say(parent, "Үйде оқытуға қандай құжаттар керек?");
    expect(first.text).toMatch(/Үйде оқыту/);
    const term = await say(parent, "қанша күнде қарайды?");
    expect(term.text).toMatch(/^Үйде оқыту/);
    expect(term.text).toMatch(/2 жұмыс күні/);
    const where = await say(parent, "қайда апарамын?");
    expect(where.text).toMatch(/^Үйде оқыту/);
    expect(where.text).toMatch(/мектеп|egov/i);
    const late = await say(parent, "мектеп жауап бермесе ше?");
    expect(late.text).toMatch(/^Үйде оқыту/);
    expect(late.text).toMatch(/e-Otinish/);
    expect(late.text).toMatch(/білім бөлім/);
  });

  it("ru: after a home-schooling answer, how long / where / how much / refused / no answer", async () => {
    const parent = h.user("ru");
    await say(parent, "Какие документы нужны для обучения на дому?");
    const term = await say(parent, "а сколько ждать ответа?");
    expect(term.text).toMatch(/^Обучение на дому/);
    expect(term.text).toMatch(/2 рабочих дня/);
    const where = await say(parent, "куда нести заявление?");
    expect(where.text).toMatch(/^Обучение на дому/);
    expect(where.text).toMatch(/Куда подать/);
    const fee = await say(parent, "сколько стоит?");
    expect(fee.text).toMatch(/^Обучение на дому/);
    expect(fee.text).toMatch(/Бесплатно/);
    const refused = await say(parent, "а если откажут?");
    expect(refused.text).toMatch(/Основания для отказа/);
    const late = await say(parent, "а если не ответят?");
    expect(late.text).toMatch(/^Обучение на дому/);
    expect(late.text).toMatch(/отдел образования/);
  });

  it("follows up after a card opened from the services list", async () => {
    const parent = h.user("ru");
    parent.sendCommand("/start");
    const menu = await parent.waitForMessage((m) => buttonData(m).includes("m:services"));
    parent.pressButton(menu, "m:services");
    const list = await parent.waitForMessage((m) => buttonData(m).includes("c:home_schooling"));
    parent.pressButton(list, "c:home_schooling");
    await parent.waitForMessage((m) => /Обучение на дому/.test(m.text ?? ""));
    const term = await say(parent, "сколько дней рассматривают?");
    expect(term.text).toMatch(/^Обучение на дому/);
    expect(term.text).toMatch(/2 рабочих дня/);
  });

  it("kk: a question typed during the guided walk is about the service it leads to", async () => {
    const parent = h.user("kk");
    parent.sendCommand("/flow");
    const first = await parent.waitForMessage((m) => buttonData(m).length > 0);
    const vkk = await press(parent, first, option(first, "health"));
    expect(vkk.text).toMatch(/ДКК/);
    const documents = await say(parent, "қандай құжаттар керек?");
    expect(documents.text).toMatch(/^Үйде оқыту/);
    const term = await say(parent, "қанша күнде қарайды?");
    expect(term.text).toMatch(/^Үйде оқыту/);
    expect(term.text).toMatch(/2 жұмыс күні/);
    const session = await h.session(parent.id);
    expect(session?.dialogue?.topic).toMatchObject({
      service: "home_schooling",
      flow: { id: "which-service", path: ["situation", "vkk"] },
    });
  });

  it("ru: a follow-up after the flow's result is about the service it ended on", async () => {
    const parent = h.user("ru");
    parent.sendCommand("/flow");
    const first = await parent.waitForMessage((m) => buttonData(m).length > 0);
    const hasPmpk = await press(parent, first, option(first, "special"));
    const card = await press(parent, hasPmpk, option(hasPmpk, "no"));
    expect(card.text).toMatch(/сначала нужно заключение ПМПК/);
    const fee = await say(parent, "а сколько это стоит?");
    expect(fee.text).toMatch(/^Обследование в ПМПК/);
    const where = await say(parent, "куда обращаться?");
    expect(where.text).toMatch(/^Обследование в ПМПК/);
  });

  it("changes the topic when another service is named, and keeps the aspect", async () => {
    const parent = h.user("ru");
    await say(parent, "Сколько дней рассматривают заявление на обучение на дому?");
    const other = await say(parent, "а для первого класса какие документы?");
    expect(other.text).toMatch(/^Приём в первый класс/);
    const next = await say(parent, "куда подавать?");
    expect(next.text).toMatch(/^Приём в первый класс/);
  });

  it("forgets the topic when the session expired: asks which service, with buttons", async () => {
    const parent = h.user("ru");
    await say(parent, "Какие документы нужны для обучения на дому?");
    await h.forgetSession(parent.id);
    const question = await say(parent, "а сколько ждать ответа?");
    expect(question.text).toBe("О какой услуге вы спрашиваете?");
    parent.pressButton(question, findButton(question, "Обучение на дому"));
    const answer = await parent.waitForMessage();
    expect(answer.text).toMatch(/^Обучение на дому/);
    expect(answer.text).toMatch(/2 рабочих дня/);
  });

  it("asks which service, in Kazakh, when a first question names none", async () => {
    const parent = h.user("kk");
    const question = await say(parent, "қанша күнде қарайды?");
    expect(question.text).toBe("Қай қызмет туралы сұрайсыз?");
    expect(buttonData(question).some((d) => d.startsWith("q:"))).toBe(true);
  });
});

describe("small talk and a person", () => {
  const cases: [string, string, RegExp][] = [
    ["kk", "Сәлеметсіз бе", /^Сәлеметсіз бе! Мен Qoldau/],
    ["kk", "Рахмет", /^Оқасы жоқ/],
    ["kk", "сен роботсың ба?", /^Иә, мен ботпын/],
    ["ru", "Здравствуйте", /^Здравствуйте! Я Qoldau/],
    ["ru", "Спасибо!", /^Пожалуйста/],
    ["ru", "До свидания", /^Всего доброго/],
    ["ru", "кто ты?", /^Я Qoldau/],
    ["ru", "не понял", /^Простите/],
  ];
  for (const [lang, text, reply] of cases)
    it(`${lang}: "${text}" gets a short warm reply and the menu`, async () => {
      const parent = h.user(lang);
      const answer = await say(parent, text);
      expect(answer.text).toMatch(reply);
      expect(answer.text).not.toMatch(/консультирует|кеңес береді/);
      expect(buttonData(answer)).toContain("m:flow");
    });

  it("ru: a request for a person starts the handoff: the centre's hours, whether nobody is online, consent", async () => {
    const parent = h.user("ru");
    const answer = await say(parent, "Можно поговорить с живым оператором?");
    expect(answer.text).toMatch(/1414/);
    // The harness clock is Tuesday 10:00 in Almaty, within the centre's hours, but nobody is online.
    expect(answer.text).toMatch(
      /Сейчас нет свободного оператора 1414 в сети.*ответ ожидается: ср, 26 нояб\., 09:00\./,
    );
    expect(answer.text).toMatch(/Передать оператору контекст/);
    expect(buttonData(answer)).toEqual(["h:c:y", "h:c:n", "m:home"]);
    expect(answer.text).not.toMatch(/Обучение на дому/);
  });

  it("kk: a request for a person is never matched to a service", async () => {
    const parent = h.user("kk");
    await say(parent, "Үйде оқытуға қандай құжаттар керек?");
    const answer = await say(parent, "адаммен сөйлескім келеді");
    expect(answer.text).toMatch(/1414/);
    expect(answer.text).toMatch(/Операторға әңгімеміздің мәнмәтінін жіберейін бе/);
    expect(answer.text).not.toMatch(/Үйде оқыту/);
  });
});

describe("a parent's view of the facts", () => {
  const caveats =
    /не проверен|вторичн|утратившим силу|шаг — |тексерілмеген|екінші|күші жойылған|\[Приказ|бұйрық, \d/;

  it("ru: leads with the asked fact, one source line linking adilet, no staff caveats", async () => {
    const parent = h.user("ru");
    const answer = await say(parent, "сколько дней рассматривают заявление на обучение на дому?");
    // The proactive form has the same term: said once, not "2 дня; 2 дня (в проактивной форме)".
    expect(answer.text).toMatch(/^Обучение на дому — срок: 2 рабочих дня\.\n/);
    expect(answer.text).toMatch(/📚 Источник: Приказ № 223 от 27\.05\.2020, приложение 4$/);
    const link = answer.entities?.find((e) => e.type === "text_link");
    expect(link && "url" in link ? link.url : "").toBe(
      "https://adilet.zan.kz/rus/docs/V2000020744",
    );
    expect(answer.text).not.toMatch(caveats);
    expect(buttonData(answer)).toContain("c:home_schooling:s");
  });

  for (const [lang, question] of [
    ["ru", "сколько стоит ПМПК и сколько длится обследование?"],
    ["ru", "какие документы нужны в ПМПК?"],
    ["kk", "ПМПК тегін бе, қанша уақыт алады?"],
    ["kk", "ПМПК-ға қандай құжаттар керек?"],
  ] as const)
    it(`${lang}: "${question}" says where to check what is not settled, without caveats`, async () => {
      const parent = h.user(lang);
      const answer = await say(parent, question);
      expect(answer.text).toMatch(/ПМПК/);
      expect(answer.text).not.toMatch(caveats);
      expect(answer.text).toMatch(/1414/);
    });

  it("operators keep the caveats: the console's view of the same question", () => {
    const answer = h.answers.answerExtractive("сколько стоит ПМПК?");
    expect(answer.answer).toMatch(/не проверен|утратившим силу/);
    expect(answer.answer).toMatch(/\[Страницы о ПМПК/);
  });
});

describe("the paths parents need", () => {
  it("ru: a child's development problems and a correction kindergarten start with ПМПК", async () => {
    const parent = h.user("ru");
    const answer = await say(
      parent,
      "Сыну 5 лет, задержка развития, нужен коррекционный садик, с чего начать?",
    );
    expect(answer.text).toMatch(/^Начните с обследования в ПМПК/);
    expect(answer.text).not.toMatch(/^Реабилитация/);
    // The topic is ПМПК now: the follow-up is about it.
    const fee = await say(parent, "а сколько это стоит?");
    expect(fee.text).toMatch(/^Обследование в ПМПК/);
  });

  it("kk: yesterday's application is not overdue yet", async () => {
    const parent = h.user("kk");
    await say(parent, "үйде оқыту құжаттары");
    const late = await say(parent, "кеше тапсырдық, мектеп жауап бермеді");
    expect(late.text).toMatch(
      /Сіз 24\.11\.2025 тапсырдыңыз, жауап 26\.11\.2025 кешіктірмей келуі керек — мерзімі әлі өткен жоқ/,
    );
  });

  it("kk: a special kindergarten starts with ПМПК", async () => {
    const parent = h.user("kk");
    const answer = await say(
      parent,
      "Балам 4 жаста, сөйлеуі тежелген, арнайы балабақшаға қалай барамыз?",
    );
    expect(answer.text).toMatch(/^ПМПК тексеруінен/);
  });

  it("ru: overdue: the term and where to turn, after a home-schooling answer", async () => {
    const parent = h.user("ru");
    await say(parent, "надомное обучение какие документы");
    const late = await say(parent, "подали неделю назад, школа молчит");
    expect(late.text).toMatch(/^Обучение на дому/);
    // The harness clock is Tuesday 25.11.2025: a week ago plus 2 working days is 20.11.2025.
    expect(late.text).toMatch(
      /Вы подали 18\.11\.2025, ответ должен был прийти не позже 20\.11\.2025 — срок прошёл/,
    );
    expect(late.text).toMatch(/руководителю организации.*отдел образования.*e-Otinish.*1414/s);
  });
});

describe("the parents' services list", () => {
  for (const [lang, first, teacher, question, answered] of [
    [
      "kk",
      ["ПМПК тексеруі", "Үйде оқыту", "Арнайы мектепке қабылдау", "Оңалту және бейімдеу"],
      /Педагог санаты|Басшы лауазымына конкурс/,
      "педагог санатын алу үшін не керек?",
      /^Педагог санаты/,
    ],
    [
      "ru",
      ["Обследование в ПМПК", "Обучение на дому", "Приём в специальную школу", "Реабилитация"],
      /Категория педагога|Конкурс на должность руководителя/,
      "какие документы на категорию педагога?",
      /^Категория педагога/,
    ],
  ] as const)
    it(`${lang}: starts with ПМПК and the services it opens; teachers' services only by search`, async () => {
      const parent = h.user(lang);
      parent.sendCommand("/start");
      const menu = await parent.waitForMessage((m) => buttonData(m).includes("m:services"));
      parent.pressButton(menu, "m:services");
      const list = await parent.waitForMessage((m) => buttonData(m).includes("c:pmpk"));
      const names = (list.reply_markup?.inline_keyboard ?? []).flat().map((b) => b.text);
      expect(names.slice(0, first.length)).toEqual(
        first.map((name) => expect.stringContaining(name)),
      );
      expect(names.some((name) => teacher.test(name))).toBe(false);
      const answer = await say(parent, question);
      expect(answer.text).toMatch(answered);
    });
});
