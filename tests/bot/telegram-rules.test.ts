import type { Message } from "grammy/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BotHarness, buttonData, startBotHarness } from "../support/bot-harness.ts";
import { testRedisUrl } from "../support/suite-redis.ts";
import { inlineButtons } from "../support/telegram-api/index.ts";

// The loopback Bot API refuses what Telegram refuses (length after entity parsing, markup,
// callback data); a refused send would surface here as the bot's error message instead.
let h: BotHarness;
beforeAll(async () => {
  h = await startBotHarness({ redisUrl: testRedisUrl() });
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
      // Every service of the parents' list (teachers' services are answered, not listed).
      expect(cards).toEqual(
        h.deps.knowledge.current().catalogue.parentsMenu.parents.map((id) => `c:${id}`),
      );
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

describe("the ПМПК card's practical guide", () => {
  for (const [lang, texts] of [
    [
      "kk",
      {
        button: "Бұл қалай өтеді",
        referral: /ата-ананың өзі жүгіне алады.*ата-ананың келісімімен/s,
        duration: /бір-төрт рет келуді алады, әрқайсысы шамамен бір сағат/,
        check: /ПМПК-дан немесе 1414 нөмірінен сұраңыз/,
      },
    ],
    [
      "ru",
      {
        button: "Как это проходит",
        referral: /могут сами родители.*всегда с согласия родителей/s,
        duration: /от одного до четырёх посещений, каждое примерно по часу/,
        check: /спросите в ПМПК при записи или по номеру 1414/,
      },
    ],
  ] as const)
    it(`${lang}: how a referral happens, what to bring, how long, with where to confirm`, async () => {
      const { parent, list } = await servicesList(lang);
      parent.pressButton(list, "c:pmpk");
      const card = await parent.waitForMessage((m) => buttonData(m).includes("c:pmpk:g"));
      expect(inlineButtons(card)[0]?.text).toContain(texts.button);
      parent.pressButton(card, "c:pmpk:g");
      const guide = await parent.waitForMessage((m) => m.message_id > card.message_id);
      expect(guide.text).toMatch(texts.referral);
      expect(guide.text).toMatch(texts.duration);
      expect(guide.text).toMatch(texts.check);
      // Every unsettled item says where to confirm it; the staff's reasons stay in the console.
      const unsettled = h.deps.knowledge
        .current()
        .catalogue.getService("pmpk")
        ?.guide.filter((item) => item.status !== "current");
      expect(unsettled?.length).toBeGreaterThan(2);
      expect(guide.text?.match(/ⓘ/g)?.length).toBe(unsettled?.length);
      expect(guide.text).not.toMatch(/вторичн|екінші деңгейлі|утратившим силу|күші жойылған|№ 66/);
    });
});
