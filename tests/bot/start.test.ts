import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BotHarness, findButton, press, startBotHarness } from "../support/bot-harness.ts";
import { testRedisUrl } from "../support/suite-redis.ts";
import { inlineButtons } from "../support/telegram-api/index.ts";

let h: BotHarness;
beforeAll(async () => {
  h = await startBotHarness({ redisUrl: testRedisUrl() });
});
afterAll(async () => {
  await h?.close();
});

describe("/start and language", () => {
  it("greets a Kazakh client in Kazakh with the main menu", async () => {
    const parent = h.user("kk");
    parent.sendCommand("/start");
    const greeting = await parent.waitForMessage();
    expect(greeting.text).toMatch(/Сәлеметсіз бе/);
    expect(inlineButtons(greeting).map((b) => b.text)).toContain(
      "Балама қай қызмет сәйкес келеді?",
    );
  });

  it("greets a Russian client in Russian", async () => {
    const parent = h.user("ru");
    parent.sendCommand("/start");
    expect((await parent.waitForMessage()).text).toMatch(/Здравствуйте/);
  });

  it("guesses Russian from the script when the client language is English", async () => {
    const parent = h.user("en");
    parent.sendText("Здравствуйте, какие документы нужны?");
    const reply = await parent.waitForMessage();
    parent.sendCommand("/start");
    expect((await parent.waitForMessage((m) => m.message_id > reply.message_id)).text).toMatch(
      /Здравствуйте/,
    );
  });

  it("switches language with /lang and keeps it", async () => {
    const parent = h.user("kk");
    parent.sendCommand("/lang");
    const choose = await parent.waitForMessage();
    const changed = await press(parent, choose, "l:ru");
    expect(changed.text).toMatch(/по-русски/);
    parent.sendCommand("/help");
    expect((await parent.waitForMessage((m) => /Команды/.test(m.text ?? ""))).text).toMatch(
      /\/contact/,
    );
  });

  it("answers /contact with 1414 and the providers' hours from the catalogue", async () => {
    const parent = h.user("kk");
    parent.sendCommand("/contact");
    const text = (await parent.waitForMessage()).text ?? "";
    expect(text).toMatch(/1414/);
    expect(text).toMatch(/8-800-080-7777/);
    expect(text).toMatch(/09:00–18:30/);
  });

  it("gives hints for unknown commands and stickers", async () => {
    const parent = h.user("ru");
    parent.sendCommand("/foo");
    expect((await parent.waitForMessage()).text).toMatch(/команды я не знаю/);
    parent.sendSticker("🙂");
    expect((await parent.waitForMessage()).text).toMatch(/стикер/);
  });

  it("opens the flow from the menu button", async () => {
    const parent = h.user("kk");
    parent.sendCommand("/start");
    const menu = await parent.waitForMessage();
    const question = await press(parent, menu, findButton(menu, "Балама қай"));
    expect(question.text).toMatch(/Қай жағдай/);
  });
});
