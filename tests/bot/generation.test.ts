import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAnswerService } from "../../src/answers/service.ts";
import { loadCatalogue } from "../../src/knowledge/catalogue.ts";
import { type BotHarness, startBotHarness } from "../support/bot-harness.ts";
import { testAnswerMessages } from "../support/i18n.ts";
import { testRedisUrl } from "../support/suite-redis.ts";

let h: BotHarness;
let release: () => void = () => {};

beforeAll(async () => {
  const real = createAnswerService({
    messages: testAnswerMessages,
    catalogue: await loadCatalogue("knowledge"),
  });
  // A slow "LLM": its answer comes only when the test releases it.
  const slow = {
    ...real,
    answerExtractive: real.answerExtractive,
    async answer(question: string, opts?: { lang?: "kk" | "ru" }) {
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      return {
        ...real.answerExtractive(question, opts),
        answer: "GENERATED ANSWER",
        mode: "generated" as const,
      };
    },
  };
  h = await startBotHarness({
    redisUrl: testRedisUrl(),
    env: { OPENAI_API_KEY: "test-key" },
    answers: slow,
  });
});
afterAll(async () => {
  release();
  await h?.close();
});

describe("generation off the update's critical path", () => {
  it("replies with the extractive answer at once and replaces it when generation ends", async () => {
    const parent = h.user("ru");
    parent.sendText("Какие документы нужны для обучения на дому?");
    const first = await parent.waitForMessage();
    expect(first.text).not.toBe("GENERATED ANSWER");
    // The chat is not held: the next update is handled while generation is still running.
    parent.sendCommand("/contact");
    expect((await parent.waitForMessage()).text).toMatch(/1414/);
    release();
    const edited = await parent.waitForMessage(
      (m) => m.message_id === first.message_id && m.edit_date !== undefined,
    );
    expect(edited.text).toBe("GENERATED ANSWER");
  });

  it("sends one flood note and drops the rest when a parent floods", async () => {
    await h.restartBot({ rateLimit: { burst: 3, perSecond: 0.01 } });
    try {
      const parent = h.user("ru");
      for (let i = 0; i < 8; i++) parent.sendCommand("/help");
      await parent.waitForMessage((m) => /слишком часто/.test(m.text ?? ""));
      await new Promise((resolve) => setTimeout(resolve, 300));
      const texts = parent.messages().map((m) => m.text ?? "");
      expect(texts.filter((t) => /слишком часто/.test(t))).toHaveLength(1);
      expect(texts.filter((t) => /Команды/.test(t))).toHaveLength(3);
    } finally {
      await h.restartBot();
    }
  });
});
