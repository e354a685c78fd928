import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../support/app.ts";
import { testRedisUrl } from "../support/suite-redis.ts";
import { startTelegramApiServer, type TelegramApiServer } from "../support/telegram-api/index.ts";
import { type Channel, type Screen, telegramChannel, webChannel } from "./channels.ts";
import { WebChatClient } from "./client.ts";

/**
 * One app with a Telegram token (the loopback Bot API) serves both channels; the same
 * conversation cases run on each, and their transcripts must be the same: one engine.
 */
let api: TelegramApiServer;
let app: Awaited<ReturnType<typeof buildApp>>;
const env = () => ({ BOT_TOKEN: api.token, TELEGRAM_API_ROOT: api.apiRoot });

beforeAll(async () => {
  api = await startTelegramApiServer({ limits: false });
  app = await buildApp(testRedisUrl(), env());
}, 60_000);
afterAll(async () => {
  await app?.close();
  await api?.close();
});

let nextUser = 2_000_000 + Math.floor(Math.random() * 1_000_000_000);
const web: WebChatClient[] = [];
afterAll(async () => {
  for (const client of web) await client.close();
});
const channels = {
  telegram: (): Channel =>
    telegramChannel(api.user({ id: nextUser++, firstName: "Ата-ана", languageCode: "kk" })),
  web: (): Channel => {
    const client = new WebChatClient(app.url, "kk");
    web.push(client);
    return webChannel(client);
  },
};

/** What a parent sees, without what differs by nature (callback refs, message ids). */
const transcript = (screens: Screen[]) =>
  screens.map((s) => ({ text: s.text, buttons: s.buttons.map((b) => b.text) }));
const transcripts: Record<string, Record<string, unknown>> = { telegram: {}, web: {} };

describe.each(["telegram", "web"] as const)("the conversation on %s", (name) => {
  it("walks the guided flow in Kazakh to a service card", async () => {
    const parent = channels[name]();
    const menu = await parent.start();
    expect(menu.text).toMatch(/Сәлеметсіз бе/);
    const first = await parent.press(menu, "m:flow");
    expect(first.text).toMatch(/Қай жағдай/);
    const vkk = await parent.press(first, "health");
    const card = await parent.press(vkk, "yes");
    expect(card.text).toMatch(/^Үйде оқыту/);
    expect(card.text).toMatch(/Дереккөз/);
    expect(card.buttons.some((b) => b.text.startsWith("📚"))).toBe(true);
    transcripts[name] = { ...transcripts[name], flow: transcript([menu, first, vkk, card]) };
  });

  it("answers a free-text question and its follow-up about the same service", async () => {
    const parent = channels[name]();
    await parent.start();
    const first = await parent.say("Үйде оқытуға қандай құжаттар керек?");
    expect(first.text).toMatch(/Үйде оқыту/);
    expect(first.buttons.map((b) => b.text)).toContain("👍 Пайдалы");
    const term = await parent.say("қанша күнде қарайды?");
    expect(term.text).toMatch(/^Үйде оқыту/);
    expect(term.text).toMatch(/2 жұмыс күні/);
    transcripts[name] = { ...transcripts[name], followUp: transcript([first, term]) };
  });
});

describe("one engine", () => {
  it("gives the same transcript on both channels", () => {
    expect(Object.keys(transcripts.web ?? {})).toEqual(["flow", "followUp"]);
    expect(transcripts.web).toEqual(transcripts.telegram);
  });

  it("answers a stale button after a server restart on both channels", async () => {
    const telegram = channels.telegram();
    const client = new WebChatClient(app.url, "kk");
    web.push(client);
    const webParent = webChannel(client);
    const stale: Record<string, Screen> = {};
    for (const [name, parent] of [
      ["telegram", telegram],
      ["web", webParent],
    ] as const) {
      const menu = await parent.start();
      const first = await parent.press(menu, "m:flow");
      stale[name] = await parent.press(first, "health");
      // Starting the flow again leaves the first flow message's buttons stale.
      await parent.press(menu, "m:flow");
    }
    await client.close();
    await app.close();
    app = await buildApp(testRedisUrl(), env());
    client.base = app.url;
    await client.follow();
    for (const [name, parent] of [
      ["telegram", telegram],
      ["web", webParent],
    ] as const) {
      const screen = stale[name];
      if (!screen) throw new Error("no stale screen");
      const again = await parent.press(screen, "yes");
      expect(again.text, name).toMatch(/Қай жағдай/);
      expect((await parent.notices()).join("\n"), name).toMatch(/басынан|қайта/i);
    }
  });
});
