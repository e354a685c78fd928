import type { Message } from "grammy/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../support/app.ts";
import {
  type BotHarness,
  buttonData,
  findButton,
  startBotHarness,
} from "../support/bot-harness.ts";
import {
  type SimulatedInformationSystem,
  startInformationSystem,
} from "../support/information-system.ts";
import { testRedisUrl } from "../support/suite-redis.ts";
import {
  type SimulatedUser,
  startTelegramApiServer,
  type TelegramApiServer,
} from "../support/telegram-api/index.ts";

// The ten situations parents met (follow-ups, small talk, a person, Telegram's limits, staff
// caveats, citations and leading with the answer, kindergarten, overdue, refused, the ПМПК
// guide, the menu), Kazakh first. The situations other files already walk are not repeated:
// docs/bot.md ("Ten situations, where each is tested") names the test of each one.

let h: BotHarness;
beforeAll(async () => {
  h = await startBotHarness({ redisUrl: testRedisUrl() });
});
afterAll(async () => {
  await h?.close();
});

async function say(parent: SimulatedUser, text: string) {
  parent.sendText(text);
  return parent.waitForMessage();
}

/**
 * What a parent must never read: the reasons staff keep next to unsettled facts. (A repealed
 * act's own title in the sources list is a citation, not a caveat.)
 */
const staffCaveats =
  /не проверен|вторичный источник|утратившим силу|шаг — \d|тексерілмеген|екінші деңгейлі дереккөз|күші жойылған мәтіндер бойынша|қадам — \d/i;
const outOfScope = /Qoldau консультирует|Qoldau .*кеңес береді|О какой услуге|Қай қызмет туралы/;

describe("how to get to ПМПК, asked in a parent's words", () => {
  const cases = [
    ["kk", ["ПМПК-ға қалай барамыз?"]],
    ["kk", ["пмпк га калай жазыламыз"]],
    ["kk", ["Үйде оқытуға қандай құжаттар керек?", "ал ПМПК-ға қалай барамыз?"]],
    ["ru", ["а в ПМПК как попасть?"]],
    ["ru", ["куда обращаться чтобы пройти пмпк"]],
    ["ru", ["как записаться на пмпк?"]],
    ["ru", ["Какие документы нужны для обучения на дому?", "а в ПМПК как попасть?"]],
  ] as const;
  const guide = {
    kk: /^ПМПК тексеруі\nПМПК-ға қалай барады: ПМПК-ға ата-ананың өзі жүгіне алады\. .*ата-ананың келісімімен\. .*1414/,
    ru: /^Обследование в ПМПК\nКак попасть в ПМПК: Обратиться в ПМПК могут сами родители\. .*с согласия родителей\. .*1414/,
  };
  for (const [lang, turns] of cases)
    it(`${lang}: "${turns.join(" → ")}" opens with how a referral happens`, async () => {
      const parent = h.user(lang);
      let answer: Message | undefined;
      for (const turn of turns) answer = await say(parent, turn);
      expect(answer?.text).toMatch(guide[lang]);
      expect(answer?.text).not.toMatch(outOfScope);
      expect(answer?.text).not.toMatch(staffCaveats);
      expect(buttonData(answer as Message)).toContain("c:pmpk");
    });

  it("ru: «кто направляет» is answered with who may refer the child", async () => {
    const answer = await say(h.user("ru"), "нужно ли направление на ПМПК, кто направляет?");
    expect(answer.text).toMatch(/^Обследование в ПМПК/);
    expect(answer.text).toMatch(/могут сами родители.*всегда с согласия родителей/s);
  });
});

describe("lead with the answer, one compact source line", () => {
  for (const [lang, question, lead, source] of [
    [
      "kk",
      "үйде оқыту скока күн қарайды",
      /^Үйде оқыту — мерзімі: 2 жұмыс күні/,
      /\n\n📚 Дереккөз: 27\.05\.2020 № 223 бұйрық, 4-қосымша$/,
    ],
    [
      "ru",
      "надомка скока дней рассматривают",
      /^Обучение на дому — срок: 2 рабочих дня/,
      /\n\n📚 Источник: Приказ № 223 от 27\.05\.2020, приложение 4$/,
    ],
  ] as const)
    it(`${lang}: "${question}" opens with the term, not the documents`, async () => {
      const answer = await say(h.user(lang), question);
      expect(answer.text).toMatch(lead);
      expect(answer.text).toMatch(source);
      // One source line, no citation after every bullet.
      expect(answer.text?.match(/№ 223/g)).toHaveLength(1);
      const link = answer.entities?.find((e) => e.type === "text_link");
      expect(link && "url" in link ? link.url : "").toMatch(/^https:\/\/adilet\.zan\.kz\//);
    });
});

describe("overdue, in Kazakh", () => {
  it("kk: a week without an answer: when it was due, that it has passed, where to turn, once", async () => {
    const parent = h.user("kk");
    await say(parent, "үйде оқыту құжаттары");
    const late = await say(parent, "бір апта бұрын тапсырдық, мектеп әлі жауап бермеді");
    expect(late.text).toMatch(/^Үйде оқыту/);
    // The harness clock is Tuesday 25.11.2025: a week ago plus 2 working days is 20.11.2025.
    const due =
      /Сіз 18\.11\.2025 тапсырдыңыз, жауап 20\.11\.2025 кешіктірмей келуі керек еді — мерзімі өтті\./g;
    expect(late.text?.match(due)).toHaveLength(1);
    expect(late.text).toMatch(/ұйым басшысына.*білім бөліміне.*e-Otinish.*1414/s);
  });
});

describe("overdue with no service named", () => {
  for (const [lang, complaint, which, service, where] of [
    [
      "kk",
      "мектеп бір апта жауап бермей жатыр",
      /^Қай қызмет туралы сұрайсыз\?/,
      "Арнайы мектепке қабылдау",
      /e-Otinish.*1414/s,
    ],
    [
      "ru",
      "подала заявление 10 дней назад, ответа нет",
      /^О какой услуге вы спрашиваете\?/,
      "Приём в специальную школу",
      /e-Otinish.*1414/s,
    ],
  ] as const)
    it(`${lang}: asks which service, then says what to do now that the term has passed`, async () => {
      const parent = h.user(lang);
      const question = await say(parent, complaint);
      expect(question.text).toMatch(which);
      expect(question.text).not.toMatch(/Qoldau консультирует|Qoldau .*кеңес береді/);
      parent.pressButton(question, findButton(question, service));
      const answer = await parent.waitForMessage();
      expect(answer.text?.startsWith(service)).toBe(true);
      expect(answer.text).toMatch(where);
    });
});

describe("no staff caveats on any card a parent can open", () => {
  for (const lang of ["kk", "ru"] as const)
    it(`${lang}: every section of every service's card, the parents' list and the rest`, async () => {
      const { catalogue } = h.deps.knowledge.current();
      const parent = h.user(lang);
      parent.sendCommand("/start");
      const menu = await parent.waitForMessage((m) => buttonData(m).includes("m:services"));
      parent.pressButton(menu, "m:services");
      const list = await parent.waitForMessage((m) => buttonData(m).includes("c:pmpk"));
      const opened = new Set<string>();
      let sections = 0;
      for (const service of catalogue.services) {
        // Teachers' services are not in the list; a parent reaches them by asking.
        let from = list;
        if (!buttonData(list).includes(`c:${service.id}`))
          from = await say(parent, service.shortName[lang]);
        expect(buttonData(from)).toContain(`c:${service.id}`);
        const before = parent.messages().length;
        parent.pressButton(from, `c:${service.id}`);
        const card = await parent.waitForMessage((m) => buttonData(m).includes("m:home"));
        opened.add(service.id);
        for (const section of buttonData(card).filter((d) => d.startsWith(`c:${service.id}:`))) {
          parent.pressButton(card, section);
          await parent.waitForMessage((m) => buttonData(m).includes("m:home"));
          sections += 1;
        }
        // Every part of the card and its sections, as the loopback Bot API recorded them.
        for (const shown of parent.messages().slice(before)) {
          expect(shown.text ?? shown.caption ?? "").not.toMatch(staffCaveats);
          expect(shown.text?.length ?? 0).toBeLessThanOrEqual(4096);
        }
      }
      expect([...opened].sort()).toEqual(catalogue.services.map((s) => s.id).sort());
      expect(sections).toBeGreaterThan(catalogue.services.length * 2);
      expect(h.api.stats.serverErrors).toBe(0);
    });

  it("the same facts keep their caveats for operators (the console's view)", () => {
    const answer = h.answers.answerExtractive("ПМПК-ға қалай барамыз?");
    expect(answer.answer).toMatch(/екінші деңгейлі дереккөз/i);
  });
});

describe("a refused application: the ground and what to do next", () => {
  let api: TelegramApiServer;
  let app: Awaited<ReturnType<typeof buildApp>>;
  let system: SimulatedInformationSystem;
  beforeAll(async () => {
    api = await startTelegramApiServer({ limits: false });
    system = await startInformationSystem();
    app = await buildApp(testRedisUrl(), {
      INFORMATION_SYSTEMS: `Bilimal=${system.url}`,
      BOT_TOKEN: api.token,
      TELEGRAM_API_ROOT: api.apiRoot,
      DEMO_DATA: "1",
      STATUS_QUEUE_PREFIX: `ten${Date.now().toString(36)}`,
    });
  });
  afterAll(async () => {
    await app?.close();
    await api?.close();
    await system?.close();
  });

  for (const [lang, refused, pinButton, ground, next] of [
    [
      "kk",
      /бас тартылды/,
      "PIN-кодты енгізу",
      /Бас тарту негізі:/,
      /Не істеуге болады: жазбаша дәлелді бас тартуды сұрап.*білім бөліміне, e-Otinish.*1414/s,
    ],
    [
      "ru",
      /отказано/,
      "Ввести PIN-код",
      /Основание отказа:/,
      /Что можно сделать: попросить письменный мотивированный отказ.*отделе образования.*e-Otinish.*1414/s,
    ],
  ] as const)
    it(`${lang}: the owner who gives the receipt PIN reads the ground and the next steps`, async () => {
      const user = api.user({
        id: 700_000 + Math.floor(Math.random() * 100_000),
        languageCode: lang,
      });
      const sent = user.sendCommand("/status EGN8-2JA6-RVTG");
      const ask = await user.waitForMessage((m) => m.message_id > sent.message_id);
      user.pressButton(ask, "st:cy");
      await user.waitForMessage((m) => refused.test(m.text ?? ""), 5000);
      const button = user.sendText(pinButton);
      await user.waitForMessage((m) => m.message_id > button.message_id);
      const pin = user.sendText("771204");
      const detailed = await user.waitForMessage((m) => m.message_id > pin.message_id, 5000);
      expect(detailed.text).toMatch(ground);
      expect(detailed.text).toMatch(next);
    });
});
