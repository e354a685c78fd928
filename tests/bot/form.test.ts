import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cardData } from "../../src/bot/callback-data.ts";
import {
  type BotHarness,
  buttonData,
  findButton,
  startBotHarness,
} from "../support/bot-harness.ts";
import { loose, pdfText } from "../support/pdf-text.ts";
import { testRedisUrl } from "../support/suite-redis.ts";
import type { SimulatedUser } from "../support/telegram-api/index.ts";

let h: BotHarness;
beforeAll(async () => {
  h = await startBotHarness({ redisUrl: testRedisUrl() });
});
afterAll(async () => {
  await h?.close();
});

/** Opens a service card from the menu. */
async function openCard(parent: SimulatedUser, serviceId: string) {
  parent.sendCommand("/start");
  const menu = await parent.waitForMessage();
  parent.pressButton(menu, "m:services");
  const list = await parent.waitForMessage();
  parent.pressButton(list, `c:${serviceId}`);
  return parent.waitForMessage();
}

/** Opens a service card from the menu and presses its document button. */
async function openForm(parent: SimulatedUser, serviceId: string, button: string) {
  const card = await openCard(parent, serviceId);
  parent.pressButton(card, findButton(card, button));
  return parent.waitForMessage();
}

async function answer(parent: SimulatedUser, text: string) {
  parent.sendText(text);
  return parent.waitForMessage();
}

async function sessionOf(parent: SimulatedUser): Promise<string> {
  // The session is written right after the document is sent.
  let session: string | null = null;
  for (let i = 0; i < 50; i++) {
    session = await h.deps.redis.get(`${h.sessionPrefix}${parent.id}`);
    if (session && !session.includes('"form"')) break;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return session ?? "";
}

describe("documents for home schooling", () => {
  it("offers both documents and sends a plain Kazakh application as a PDF with declined names", async () => {
    const parent = h.user("kk");
    const choice = await openForm(parent, "home_schooling", "Өтініш үлгісін");
    expect(choice.text).toMatch(/Қай құжат керек/);
    parent.pressButton(choice, findButton(choice, "Еркін нысандағы"));
    expect((await parent.waitForMessage()).text).toMatch(/Сіздің тегіңіз/);
    expect((await answer(parent, "айгүл")).text).toMatch(/кемінде екі сөз[\s\S]*Мысалы: Сейітова/);
    expect((await answer(parent, "Сейітова Зуһра Нұрланқызы")).text).toMatch(/Баланың тегі/);
    expect((await answer(parent, "бала аты неге керек?")).text).toMatch(/сұраққа ұқсайды/);
    const relation = await answer(parent, "Сейітов Әлішер Ерланұлы");
    expect(relation.text).toMatch(/ұлыңыз ба, қызыңыз ба/);
    parent.pressButton(relation, "d:r:son");
    expect((await parent.waitForMessage()).text).toMatch(/қай сыныпта оқиды/);
    expect((await answer(parent, "үшінші")).text).toMatch(/0-ден 12-ге дейінгі/);
    expect((await answer(parent, "3")).text).toMatch(/Мектептің атауы/);
    expect((await answer(parent, "№ 12 мектеп-гимназия")).text).toMatch(/ДКК қорытындысы нөмірі/);
    expect((await answer(parent, "45")).text).toMatch(/қай күні берілді/);
    expect((await answer(parent, "31.12.2030")).text).toMatch(/әлі келген жоқ/);
    parent.sendText("12.09.2025");
    const sent = await parent.waitForMessage((m) => m.document !== undefined, 15_000);
    expect(sent.document?.file_name).toBe("otinish-uide-oqytu.pdf");
    expect(sent.caption).toMatch(/мектеп кеңсесіне апарыңыз/);
    expect(sent.caption).toMatch(/09:00–17:30/);
    expect(sent.caption).toMatch(/Кеңсе қазір ашық/);
    expect(sent.caption).not.toMatch(/egov/i);
    const text = await pdfText(parent.documents().at(-1)?.content ?? new Uint8Array());
    expect(text).toContain("№ 12 мектеп-гимназия директорына Сейітова Зуһра Нұрланқызынан");
    expect(text).toContain("3-сыныпта оқитын ұлым Сейітов Әлішер Ерланұлын");
    expect(text).toContain("2025 жылғы 12 қыркүйектегі № 45 қорытындысында");
    expect(await sessionOf(parent)).not.toMatch(/Сейітов/);
  });

  it("refuses a Russian question typed as the child's name, asks again with an example, and fills the official form", async () => {
    const parent = h.user("ru");
    const choice = await openForm(parent, "home_schooling", "бланк заявления");
    parent.pressButton(choice, findButton(choice, "Официальная форма"));
    await parent.waitForMessage();
    await answer(parent, "Сейтова Айгуль Нурлановна");
    const refused = await answer(parent, "а зачем вам имя ребенка");
    expect(refused.text).toMatch(/похоже на вопрос/);
    expect(refused.text).toMatch(/Например: Сейтов Алишер Ерланович/);
    const relation = await answer(parent, "Сейтова Алина Ерлановна");
    parent.pressButton(relation, "d:r:daughter");
    await parent.waitForMessage();
    await answer(parent, "3 класс");
    // The official form does not refer to the conclusion: no number is asked.
    parent.sendText("Школа-гимназия № 12");
    const sent = await parent.waitForMessage((m) => m.document !== undefined, 15_000);
    expect(sent.caption).toMatch(/впишите от руки адрес/);
    expect(sent.caption).toMatch(/канцелярию школы/);
    const text = await pdfText(parent.documents().at(-1)?.content ?? new Uint8Array());
    expect(text).toContain("от Сейтовой Айгуль Нурлановны");
    expect(text).toContain("Прошу принять мою дочь Сейтову Алину Ерлановну, проживающую по адресу");
    expect(text).toContain("в 3-м классе");
    expect(text).not.toMatch(/зачем/);
  });

  it("offers the plain application for special admission, with the PMPK conclusion skipped", async () => {
    const parent = h.user("ru");
    const first = await openForm(parent, "special_admission", "бланк заявления");
    // One document only: the choice is skipped.
    expect(first.text).toMatch(/Ваши фамилия, имя, отчество/);
    await answer(parent, "Иванов Петр Сергеевич");
    const relation = await answer(parent, "Иванов Илья Петрович");
    parent.pressButton(relation, "d:r:son");
    await parent.waitForMessage();
    await answer(parent, "1");
    const number = await answer(parent, "КГУ «Специальная школа № 3»");
    expect(number.text).toMatch(/заключение ПМПК/);
    parent.pressButton(number, "d:skip");
    const sent = await parent.waitForMessage((m) => m.document !== undefined, 15_000);
    const text = await pdfText(parent.documents().at(-1)?.content ?? new Uint8Array());
    expect(text).toContain("от Иванова Петра Сергеевича");
    expect(loose(text)).toContain(loose("моего сына Иванова Илью Петровича в 1-й класс"));
    expect(text).not.toMatch(/ПМПК\) от/);
    expect(sent.caption).toMatch(/Заключение психолого-медико-педагогической консультации/);
  });

  it("shows the document button exactly on the services that have templates", async () => {
    const { catalogue, documents } = h.deps.knowledge.current();
    expect([...catalogue.servicesWithForm].sort()).toEqual(documents.services().sort());
    expect(catalogue.servicesWithForm.has("home_schooling")).toBe(true);
    expect(catalogue.servicesWithForm.has("pmpk")).toBe(false);
    const parent = h.user("kk");
    for (const serviceId of ["home_schooling", "pmpk"]) {
      const card = await openCard(parent, serviceId);
      const offered = buttonData(card).includes(cardData.form(serviceId));
      expect(offered, serviceId).toBe(catalogue.servicesWithForm.has(serviceId));
    }
  });
});
