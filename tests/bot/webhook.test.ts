import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../support/app.ts";
import { freePort } from "../support/redis-server.ts";
import { testRedisUrl } from "../support/suite-redis.ts";
import {
  inlineButtons,
  startTelegramApiServer,
  type TelegramApiServer,
} from "../support/telegram-api/index.ts";

let api: TelegramApiServer;
let app: Awaited<ReturnType<typeof buildApp>>;
const secret = "test-webhook-secret-0123456789";

beforeAll(async () => {
  api = await startTelegramApiServer({ limits: false });
  const port = await freePort();
  app = await buildApp(testRedisUrl(), {
    PORT: String(port),
    BOT_TOKEN: api.token,
    TELEGRAM_API_ROOT: api.apiRoot,
    WEBHOOK_URL: `http://127.0.0.1:${port}`,
    WEBHOOK_SECRET: secret,
  });
});
afterAll(async () => {
  await app?.close();
  await api?.close();
});

describe("webhook mode (the whole app, as npm start runs it)", () => {
  it("reports webhook mode and answers /start through the webhook", async () => {
    expect(app.deps.botStatus()).toBe("webhook");
    const parent = api.user({ id: 424242, languageCode: "kk" });
    parent.sendCommand("/start");
    expect((await parent.waitForMessage(undefined, 8000)).text).toMatch(/Сәлеметсіз бе/);
  });

  it("refuses an update without the secret token", async () => {
    const response = await fetch(`${app.url}/telegram/webhook`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ update_id: 1 }),
    });
    expect(response.status).toBe(401);
  });

  it("handles an update delivered twice only once", async () => {
    const parent = api.user({ id: 434343, languageCode: "ru" });
    const update = {
      update_id: 900_000 + Math.floor(Math.random() * 100_000),
      message: {
        message_id: 1,
        date: Math.floor(Date.now() / 1000),
        chat: { id: parent.id, type: "private", first_name: "Ата" },
        from: { id: parent.id, is_bot: false, first_name: "Ата", language_code: "ru" },
        text: "/contact",
        entities: [{ type: "bot_command", offset: 0, length: 8 }],
      },
    };
    const post = () =>
      fetch(`${app.url}/telegram/webhook`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": secret },
        body: JSON.stringify(update),
      });
    expect((await post()).status).toBe(200);
    expect((await post()).status).toBe(200);
    expect(parent.messages().filter((m) => /1414/.test(m.text ?? ""))).toHaveLength(1);
  });
});

describe("a button press delivered again after an instance died", () => {
  it("still gets its answer when Telegram refuses the second answer to the press", async () => {
    const parent = api.user({ id: 454545, languageCode: "kk" });
    parent.sendCommand("/start");
    const menu = await parent.waitForMessage((m) => inlineButtons(m).length > 0, 8000);
    const data = inlineButtons(menu)[0]?.callbackData;
    if (!data) throw new Error("the menu has no button");
    // A press whose query was answered by the instance that died: Telegram refuses the answer.
    const response = await fetch(`${app.url}/telegram/webhook`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": secret },
      body: JSON.stringify({
        update_id: 950_000 + Math.floor(Math.random() * 10_000),
        callback_query: {
          id: "answered-by-the-instance-that-died",
          from: { id: parent.id, is_bot: false, first_name: "Ата", language_code: "kk" },
          message: menu,
          chat_instance: "1",
          data,
        },
      }),
    });
    expect(response.status).toBe(200);
    const answered = await parent.waitForMessage(
      (m) => m.message_id !== menu.message_id || m.edit_date !== undefined,
      8000,
    );
    expect(answered.text).not.toBe(menu.text);
  });
});
