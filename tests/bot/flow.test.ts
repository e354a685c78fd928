import type { Message } from "grammy/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadFlows, walks } from "../../src/flows/flows.ts";
import {
  type BotHarness,
  buttonData,
  findButton,
  press,
  startBotHarness,
} from "../support/bot-harness.ts";
import { testRedisUrl } from "../support/suite-redis.ts";
import { inlineButtons } from "../support/telegram-api/index.ts";

const flows = await loadFlows("flows");
const flow = flows.get("which-service");
if (!flow) throw new Error("no which-service flow");

let h: BotHarness;
beforeAll(async () => {
  h = await startBotHarness({ redisUrl: testRedisUrl(), flows });
});
afterAll(async () => {
  await h?.close();
});

function optionData(message: Message, option: string): string {
  const data = buttonData(message).find((d) => d.startsWith("f:") && d.endsWith(`:${option}`));
  if (!data) throw new Error(`no option ${option} in ${JSON.stringify(buttonData(message))}`);
  return data;
}

describe.each(["kk", "ru"] as const)("every leaf of the flow in %s", (lang) => {
  for (const walk of walks(flow)) {
    const route = walk.answers.map((a) => ("option" in a ? a.option : `"${a.text}"`)).join(" → ");
    it(`${route} ends on the ${walk.leaf.service} card, and Back returns`, async () => {
      const parent = h.user(lang);
      parent.sendCommand("/flow");
      let screen = await parent.waitForMessage();
      const screens: Message[] = [screen];
      for (const answer of walk.answers) {
        if ("option" in answer)
          screen = await press(parent, screen, optionData(screen, answer.option));
        else {
          parent.sendText(answer.text);
          screen = await parent.waitForMessage();
        }
        screens.push(screen);
      }
      const service = h.deps.knowledge.current().catalogue.getService(walk.leaf.service);
      expect(screen.text).toContain(service?.shortName[lang]);
      if (walk.leaf.note) expect(screen.text).toContain(walk.leaf.note[lang]);
      expect(inlineButtons(screen).some((b) => b.text.startsWith("📚"))).toBe(true);
      const previous = screens[screens.length - 2];
      const back = await press(
        parent,
        screen,
        findButton(screen, lang === "kk" ? "Артқа" : "Назад"),
      );
      expect(back.text?.split("\n")[0]).toBe(previous?.text?.split("\n")[0]);
    });
  }
});

describe("flow navigation", () => {
  it("rejects a typed age that is not a number, in Kazakh, and keeps the question", async () => {
    const parent = h.user("kk");
    parent.sendCommand("/flow");
    const first = await parent.waitForMessage();
    const age = await press(parent, first, optionData(first, "first-grade"));
    expect(age.text).toMatch(/неше жаста/);
    parent.sendText("жиырма бес");
    expect((await parent.waitForMessage()).text).toMatch(/3-тен 18-ге дейінгі санмен/);
    parent.sendText("6");
    expect((await parent.waitForMessage()).text).toMatch(/арнайы жағдай керек пе/);
  });

  it("starts over from a leaf", async () => {
    const parent = h.user("ru");
    parent.sendCommand("/flow");
    const first = await parent.waitForMessage();
    const leaf = await press(parent, first, optionData(first, "development"));
    const again = await press(parent, leaf, findButton(leaf, "Сначала"));
    expect(again.text).toMatch(/Какая ситуация ближе/);
  });

  it("shows the deadline, the office state and the sources on a card", async () => {
    const parent = h.user("ru");
    parent.sendCommand("/flow");
    const first = await parent.waitForMessage();
    const vkk = await press(parent, first, optionData(first, "health"));
    const card = await press(parent, vkk, optionData(vkk, "yes"));
    // The due moment on Almaty's clock: the date, then the time.
    expect(card.text).toMatch(
      /Если подать сегодня до 17:30, ответ — не позднее чт, 27 нояб\. \d{2}:\d{2}\./,
    );
    expect(card.text).toMatch(/Канцелярия сейчас открыта/);
    expect(card.text).toMatch(/Источник/);
    const docs = await press(parent, card, findButton(card, "📄"));
    expect(docs.text).toMatch(/ВКК|врачебно-консультационной/);
  });

  it("offers the PMPK card when special admission needs a PMPK conclusion", async () => {
    const parent = h.user("kk");
    parent.sendCommand("/flow");
    const first = await parent.waitForMessage();
    const hasPmpk = await press(parent, first, optionData(first, "special"));
    const card = await press(parent, hasPmpk, optionData(hasPmpk, "no"));
    expect(card.text).toMatch(/алдымен ПМПК қорытындысы керек/);
    const special = h.deps.knowledge.current().catalogue.getService("special_admission");
    parent.sendCommand("/flow");
    const again = await parent.waitForMessage();
    const has = await press(parent, again, optionData(again, "special"));
    const specialCard = await press(parent, has, optionData(has, "yes"));
    expect(specialCard.text).toContain(special?.shortName.kk);
    const pmpkCard = await press(parent, specialCard, findButton(specialCard, "➡️"));
    expect(pmpkCard.text).toContain(
      h.deps.knowledge.current().catalogue.getService("pmpk")?.shortName.kk,
    );
  });
});
