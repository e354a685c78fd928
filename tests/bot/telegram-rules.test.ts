import type { Message } from "grammy/types";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type BotHarness, buttonData, startBotHarness } from "../support/bot-harness.ts";
import { inlineButtons } from "../support/telegram-api/index.ts";

// The loopback Bot API refuses what Telegram refuses (length after entity parsing, markup,
// callback data); a refused send would surface here as the bot's error message instead.
let h: BotHarness;
beforeAll(async () => {
  h = await startBotHarness({ redisUrl: inject("redisUrl") });
});
afterAll(async () => {
  await h?.close();
});

const errorText = /что-то пошло не так|бірдеңе дұрыс болмады|қате/i;

async function servicesList(lang: "kk" | "ru") {
  const parent = h.user(lang);
  parent.sendCommand("/start");
  const menu = await parent.waitForMessage((m) => inlineButtons(m).length > 0);
  parent.pressButton(menu, "m:services");
  const list = await parent.waitForMessage((m) => buttonData(m).some((d) => /^c:/.test(d)));
  return { parent, list };
}

describe("every message within Telegram's rules", () => {
  for (const lang of ["kk", "ru"] as const)
    it(`opens every section of every service card in ${lang}`, async () => {
      const { parent, list } = await servicesList(lang);
      const cards = buttonData(list).filter((d) => /^c:[a-z_]+$/.test(d));
      expect(cards.length).toBe(h.deps.knowledge.current().catalogue.services.length);
      let sections = 0;
      for (const card of cards) {
        parent.pressButton(list, card);
        const shown = await parent.waitForMessage((m) => buttonData(m).includes("m:home"));
        expect(shown.text).not.toMatch(errorText);
        // A parent's card states settled facts; staff caveats stay in the console.
        expect(shown.text).not.toMatch(/не проверено|тексерілмеген|вторичн|утратившим силу/);
        for (const section of buttonData(shown).filter((d) => /^c:[a-z_]+:/.test(d))) {
          const before = parent.messages().length;
          parent.pressButton(shown, section);
          const last = await parent.waitForMessage((m) => buttonData(m).includes("m:home"));
          const parts = parent.messages().slice(before) as Message[];
          expect(parts.length).toBeGreaterThan(0);
          for (const part of parts) {
            expect(part.text?.length ?? 0).toBeLessThanOrEqual(4096);
            expect(part.text).not.toMatch(errorText);
          }
          expect(last.text).toBeTruthy();
          sections += 1;
        }
      }
      // Documents, steps, refusals and sources exist for most cards.
      expect(sections).toBeGreaterThan(cards.length * 2);
      expect(h.api.stats.serverErrors).toBe(0);
    });

  it("sends the longest answers within 4,096 characters", async () => {
    const questions = [
      "үйде оқыту: қандай құжаттар, қанша күн, тегін бе, қайда тапсыру, нәтиже, бас тарту негіздері, қадамдар, жұмыс кестесі?",
      "обучение на дому: какие документы, сколько дней, бесплатно ли, куда подать, результат, основания отказа, порядок, график работы?",
      "ПМПК документы срок оплата куда результат отказ порядок часы работы",
    ];
    for (const question of questions) {
      const parent = h.user("ru");
      parent.sendText(question);
      const answer = await parent.waitForMessage();
      expect(answer.text?.length ?? 0).toBeGreaterThan(200);
      expect(answer.text?.length ?? 0).toBeLessThanOrEqual(4096);
    }
  });
});
