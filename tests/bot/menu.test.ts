import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { Api } from "grammy";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importProvidersCsv } from "../../src/providers/directory.ts";
import { buildApp } from "../support/app.ts";
import { findButton } from "../support/bot-harness.ts";
import { testRedisUrl } from "../support/suite-redis.ts";
import {
  inlineButtons,
  type SimulatedUser,
  startTelegramApiServer,
} from "../support/telegram-api/index.ts";

// The whole app (as `npm start`), so the status and subscriptions features are the real ones.
type App = Awaited<ReturnType<typeof buildApp>>;
type ApiServer = Awaited<ReturnType<typeof startTelegramApiServer>>;

let api: ApiServer;
let app: App;
const prefix = `m${randomUUID().slice(0, 8)}`;
const parents: SimulatedUser[] = [];
let nextUserId = 700_000 + Math.floor(Math.random() * 100_000);

beforeAll(async () => {
  api = await startTelegramApiServer({ limits: false });
  app = await buildApp(testRedisUrl(), {
    BOT_TOKEN: api.token,
    TELEGRAM_API_ROOT: api.apiRoot,
    STATUS_QUEUE_PREFIX: prefix,
  });
  await importProvidersCsv(app.deps.db, await readFile("demo/providers.csv", "utf8"));
});
afterAll(async () => {
  await app?.close();
  const redis = new Redis(testRedisUrl());
  const keys = [
    ...(await redis.keys(`${prefix}:*`)),
    ...parents.map((p) => `qoldau:session:${p.id}`),
  ];
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
  await api?.close();
});

function parent(languageCode: string): SimulatedUser {
  nextUserId += 1;
  const user = api.user({ id: nextUserId, firstName: "Ата-ана", languageCode });
  parents.push(user);
  return user;
}

async function openMenu(user: SimulatedUser) {
  user.sendCommand("/start");
  return user.waitForMessage((m) => inlineButtons(m).length > 0);
}

async function pressText(
  user: SimulatedUser,
  menu: Awaited<ReturnType<typeof openMenu>>,
  text: string,
) {
  const query = user.pressButton(menu, findButton(menu, text));
  const reply = await user.waitForMessage((m) => m.message_id > menu.message_id);
  // The spinner on the button stops: the press was acknowledged, not left hanging.
  await user.waitForCallbackAnswer(query.id);
  return reply;
}

const cases = [
  {
    lang: "kk",
    buttons: [
      "Балама қай қызмет",
      "Сұрақ қою",
      "Өтінішімнің мәртебесі",
      "Қабылдау туралы еске салғыштар",
      "Байланыс",
      "Тіл",
    ],
    status: "Өтінішімнің мәртебесі",
    askId: /Өтініштің нөмірін жіберіңіз/,
    subscribe: "Қабылдау туралы еске салғыштар",
    chooseRegion: /Қай өңірдегі мектептің/,
    ask: "Сұрақ қою",
    askPrompt: /Сұрағыңызды өз сөзіңізбен жазыңыз/,
  },
  {
    lang: "ru",
    buttons: [
      "Какая услуга подходит",
      "Задать вопрос",
      "Статус моего заявления",
      "Напоминания о приёме",
      "Контакты",
      "Язык",
    ],
    status: "Статус моего заявления",
    askId: /Отправьте номер заявления/,
    subscribe: "Напоминания о приёме",
    chooseRegion: /регион/,
    ask: "Задать вопрос",
    askPrompt: /Напишите вопрос своими словами/,
  },
] as const;

describe.each(cases)("the /start menu in $lang", (c) => {
  it("offers every feature as a button", async () => {
    const menu = await openMenu(parent(c.lang));
    const texts = inlineButtons(menu).map((b) => b.text);
    for (const wanted of c.buttons) expect(texts.some((t) => t.includes(wanted))).toBe(true);
  });

  it("reaches the application status: asks for the number, then takes it", async () => {
    const user = parent(c.lang);
    const asked = await pressText(user, await openMenu(user), c.status);
    expect(asked.text).toMatch(c.askId);
    // The typed number is taken by the status feature, not answered as a question.
    user.sendText("65h9-thpj-h6na");
    const consent = await user.waitForMessage((m) => m.message_id > asked.message_id);
    expect(inlineButtons(consent).map((b) => b.callbackData)).toContain("st:cy");
  });

  it("reaches the admission reminders: regions to choose from", async () => {
    const user = parent(c.lang);
    const regions = await pressText(user, await openMenu(user), c.subscribe);
    expect(regions.text).toMatch(c.chooseRegion);
    expect(inlineButtons(regions).some((b) => b.callbackData === "sub:r:astana")).toBe(true);
  });

  it("'ask a question' explains that any typed text is answered", async () => {
    const user = parent(c.lang);
    const prompt = await pressText(user, await openMenu(user), c.ask);
    expect(prompt.text).toMatch(c.askPrompt);
  });
});

describe("Telegram's command menu", () => {
  it("lists every command in Kazakh (also the default) and in Russian", async () => {
    const bot = new Api(api.token, { apiRoot: api.apiRoot });
    const expected = [
      "start",
      "status",
      "subscribe",
      "subscriptions",
      "help",
      "contact",
      "lang",
      "cancel",
    ];
    const kk = await bot.getMyCommands({ language_code: "kk" });
    const ru = await bot.getMyCommands({ language_code: "ru" });
    const fallback = await bot.getMyCommands();
    expect(kk.map((c) => c.command)).toEqual(expected);
    expect(ru.map((c) => c.command)).toEqual(expected);
    expect(fallback).toEqual(kk);
    expect(kk.find((c) => c.command === "status")?.description).toMatch(/мәртебесі/);
    expect(ru.find((c) => c.command === "subscribe")?.description).toMatch(/напоминания/);
  });

  it("/help mentions status and subscriptions in both languages", async () => {
    for (const lang of ["kk", "ru"]) {
      const user = parent(lang);
      user.sendCommand("/help");
      const text = (await user.waitForMessage()).text ?? "";
      expect(text).toContain("/status");
      expect(text).toContain("/subscribe");
      expect(text).toContain("/subscriptions");
    }
  });
});

describe("metrics", () => {
  it("counts the bot's updates by type at /metrics", async () => {
    const user = parent("kk");
    await openMenu(user);
    const metrics = await (await fetch(`${app.url}/metrics`)).text();
    const line = metrics
      .split("\n")
      .find((l) => l.startsWith('qoldau_bot_updates_total{type="message"'));
    expect(Number(line?.split(" ").pop())).toBeGreaterThanOrEqual(1);
  });
});
