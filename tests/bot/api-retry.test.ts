import { Bot, GrammyError } from "grammy";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { retryFailedCalls } from "../../src/bot/api-retry.ts";
import { startTelegramApiServer, type TelegramApiServer } from "../support/telegram-api/index.ts";

let api: TelegramApiServer;
let bot: Bot;
let chatId = 0;
beforeAll(async () => {
  api = await startTelegramApiServer({ limits: false });
  bot = new Bot(api.token, {
    client: { apiRoot: api.apiRoot },
    botInfo: api.botInfo,
  });
  bot.api.config.use(retryFailedCalls({ maxRetryAttempts: 2, maxDelaySeconds: 60 }));
  chatId = api.user({ id: 9001, firstName: "Ата-ана", languageCode: "kk" }).id;
});
afterAll(async () => {
  await api?.close();
});

const sendCalls = () => api.stats.byMethod.sendmessage ?? 0;

describe("Bot API calls retried only when they fail", () => {
  it("sends a message that goes through once, with no second call", async () => {
    const before = sendCalls();
    await bot.api.sendMessage(chatId, "Сәлеметсіз бе");
    expect(sendCalls() - before).toBe(1);
  });

  it("sends a message again after a 429, as auto-retry does, without repeating the first call", async () => {
    api.faults.set({ rate429: { everyNth: 2, retryAfter: 0 }, methods: ["sendMessage"] });
    try {
      const before = sendCalls();
      // The 1st call passes, the 2nd gets a 429 and its retry (the 3rd) passes.
      await bot.api.sendMessage(chatId, "бірінші");
      const sent = await bot.api.sendMessage(chatId, "екінші");
      expect(sent.text).toBe("екінші");
      expect(sendCalls() - before).toBe(3);
    } finally {
      api.faults.clear();
    }
  });

  it("sends a message again when Telegram never answered the first call (a network error)", async () => {
    // Its own bot: a call that hangs is given up after a second rather than grammY's 500 s.
    const impatient = new Bot(api.token, {
      client: { apiRoot: api.apiRoot, timeoutSeconds: 1 },
      botInfo: api.botInfo,
    });
    impatient.api.config.use(retryFailedCalls({ maxRetryAttempts: 2, maxDelaySeconds: 60 }));
    api.faults.set({ timeout: { everyNth: 2 }, methods: ["sendMessage"] });
    try {
      const before = { answered: sendCalls(), hung: api.stats.timeouts };
      // The 1st call passes, the 2nd hangs and fails on the client's side, its retry passes.
      await impatient.api.sendMessage(chatId, "төртінші");
      const sent = await impatient.api.sendMessage(chatId, "бесінші");
      expect(sent.text).toBe("бесінші");
      expect(api.stats.timeouts - before.hung).toBe(1);
      expect(sendCalls() - before.answered).toBe(2);
    } finally {
      api.faults.clear();
    }
  });

  it("gives up after auto-retry's attempts, and never retries a refusal", async () => {
    api.faults.set({ rate429: { everyNth: 1, retryAfter: 0 }, methods: ["sendMessage"] });
    try {
      const before = sendCalls();
      const refused = await bot.api.sendMessage(chatId, "үшінші").catch((error) => error);
      expect(refused).toBeInstanceOf(GrammyError);
      expect((refused as GrammyError).error_code).toBe(429);
      // The first call and the two retries allowed.
      expect(sendCalls() - before).toBe(3);
    } finally {
      api.faults.clear();
    }
    const before = sendCalls();
    const empty = await bot.api.sendMessage(chatId, " ").catch((error) => error);
    expect((empty as GrammyError).error_code).toBe(400);
    expect(sendCalls() - before).toBe(1);
  });
});
