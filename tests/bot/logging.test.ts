import { Writable } from "node:stream";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAnswerService } from "../../src/answers/service.ts";
import { loadConfig } from "../../src/config.ts";
import { loadCatalogue } from "../../src/knowledge/catalogue.ts";
import { type BotHarness, startBotHarness } from "../support/bot-harness.ts";
import { testAnswerMessages } from "../support/i18n.ts";
import { testRedisUrl } from "../support/suite-redis.ts";

const IIN = "150101500123";
const PHONE = "+7 701 234 56 78";
const NAME = "Айгерім Сапарова";

// Everything the bot logs, at every level, with no redaction: the bot must not hand it the data.
let logged = "";
const sink = new Writable({
  write(chunk, _encoding, done) {
    logged += chunk.toString();
    done();
  },
});

let h: BotHarness;
let failing = false;
beforeAll(async () => {
  const config = loadConfig({ NODE_ENV: "test", REDIS_URL: testRedisUrl() });
  const real = createAnswerService({
    messages: testAnswerMessages,
    catalogue: await loadCatalogue(config.KNOWLEDGE_DIR),
    config,
  });
  h = await startBotHarness({
    redisUrl: testRedisUrl(),
    logger: pino({ level: "trace" }, sink),
    // A bug that quotes its input in the error message, as JSON.parse and many libraries do.
    answers: {
      ...real,
      answerExtractive: (question, opts) => {
        if (failing) throw new TypeError(`cannot answer "${question}"`);
        return real.answerExtractive(question, opts);
      },
    },
  });
});
afterAll(async () => {
  await h?.close();
});

const settle = () => new Promise((resolve) => setTimeout(resolve, 50));

describe("the bot's log", () => {
  it("holds no ИИН, phone number or name from a message, even when handling it fails", async () => {
    const parent = h.api.user({
      id: 880_001,
      firstName: "Айгерім",
      lastName: "Сапарова",
      languageCode: "ru",
    });
    parent.sendText(`ИИН ребёнка ${IIN}, мой телефон ${PHONE}, какие документы нужны на ПМПК?`);
    const note = await parent.waitForMessage();
    expect(note.text).toMatch(/персональные данные/);
    await parent.waitForMessage((m) => m.message_id > note.message_id);

    failing = true;
    parent.sendText(`${NAME}, ИИН ${IIN}, телефон ${PHONE}: куда подать заявление?`);
    expect((await parent.waitForMessage()).text).toMatch(/что-то пошло не так/);
    failing = false;
    parent.sendContact({ phone: PHONE, userId: parent.id, firstName: "Айгерім" });
    await parent.waitForMessage();
    await settle();

    // The log did record these updates (kinds found, the failure), just not the data.
    expect(logged).toMatch(/personal data in a message/);
    expect(logged).toMatch(/"iin"/);
    expect(logged).toMatch(/update failed/);
    expect(logged).toMatch(/TypeError/);
    for (const secret of [
      IIN,
      PHONE,
      "701 234",
      "7012345678",
      "Айгерім",
      "Сапарова",
      "куда подать",
    ])
      expect(logged).not.toContain(secret);
  });
});
