import { createRequire } from "node:module";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../support/app.ts";
import { launchBrowser } from "../support/browser.ts";
import { testRedisUrl } from "../support/suite-redis.ts";

/** Waits for what the page shows; generous, since the machine may be loaded (no fixed sleep). */
const eventually = <T>(read: () => T | Promise<T>, options = { timeout: 20_000 }) =>
  expect.poll(read, options);

const axePath = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const phone = { width: 390, height: 844 };
const shots = "docs/screenshots";

let app: Awaited<ReturnType<typeof buildApp>>;
let browser: Browser;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  [app, browser] = await Promise.all([buildApp(testRedisUrl()), launchBrowser()]);
}, 60_000);
afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await app?.close();
});

async function phonePage(lang: "kk" | "ru" = "kk", extra: { bypassCSP?: boolean } = {}) {
  const context = await browser.newContext({
    viewport: phone,
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: lang === "kk" ? "kk-KZ" : "ru-RU",
    ...extra,
  });
  contexts.push(context);
  return context.newPage();
}

const lastBot = (page: Page) => page.locator(".msg.bot").last();

/** Runs axe-core in the page; the serious and critical violations by rule id. */
async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: axePath });
  return page.evaluate<string[]>(`axe.run().then((result) => result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => v.id + " (" + v.nodes.length + ")"))`);
}

describe("the web chat in a phone-sized chromium", { timeout: 60_000 }, () => {
  it("walks the guided flow in Kazakh to a service card", async () => {
    const page = await phonePage("kk");
    await page.goto(`${app.url}/chat?lang=kk`);
    await eventually(() => lastBot(page).textContent()).toMatch(/Сәлеметсіз бе/);
    await page.screenshot({ path: `${shots}/webchat-start-kk.png` });
    await page.getByRole("button", { name: "Балама қай қызмет сәйкес келеді?" }).click();
    await page.getByRole("button", { name: /Денсаулығына байланысты/ }).click();
    await page.getByRole("button", { name: "Иә, бар" }).click();
    await eventually(() => lastBot(page).textContent()).toMatch(/Үйде оқыту/);
    await eventually(() => lastBot(page).textContent()).toMatch(/Дереккөз/);
    await page.screenshot({ path: `${shots}/webchat-card-kk.png`, fullPage: false });
  });

  it("asks a free-text question and a follow-up, then survives a reload", async () => {
    const page = await phonePage("kk");
    await page.goto(`${app.url}/chat`);
    await eventually(() => lastBot(page).textContent()).toMatch(/Сәлеметсіз бе/);
    await page.getByLabel("Сұрағыңыз").fill("Үйде оқытуға қандай құжаттар керек?");
    await page.getByRole("button", { name: "Жіберу" }).click();
    await eventually(() => lastBot(page).textContent()).toMatch(/Үйде оқыту/);
    await page.getByLabel("Сұрағыңыз").fill("қанша күнде қарайды?");
    await page.keyboard.press("Enter");
    await eventually(() => lastBot(page).textContent()).toMatch(/2 жұмыс күні/);
    const before = await page.locator(".msg").allTextContents();
    expect(before.filter((t) => t.includes("қанша күнде қарайды?"))).toHaveLength(1);
    await page.screenshot({ path: `${shots}/webchat-answer-kk.png` });

    await page.reload();
    await eventually(() => page.locator(".msg").allTextContents()).toEqual(before);
    // The conversation goes on where it was: the topic is still home schooling.
    await page.getByLabel("Сұрағыңыз").fill("тегін бе?");
    await page.keyboard.press("Enter");
    await eventually(() => lastBot(page).textContent()).toMatch(/Тегін/);
  });

  it("speaks Russian on the Russian page", async () => {
    const page = await phonePage("ru");
    await page.goto(`${app.url}/chat?lang=ru`);
    await eventually(() => lastBot(page).textContent()).toMatch(/Здравствуйте/);
    await expect(page.getByRole("button", { name: "Отправить" }).isVisible()).resolves.toBe(true);
    await page.screenshot({ path: `${shots}/webchat-start-ru.png` });
  });

  it("works with the keyboard alone", async () => {
    const page = await phonePage("kk");
    await page.goto(`${app.url}/chat`);
    await eventually(() => lastBot(page).textContent()).toMatch(/Сәлеметсіз бе/);
    // Tab from the top reaches the first menu button of the greeting.
    let reached = "";
    for (let i = 0; i < 15 && reached !== "Балама қай қызмет сәйкес келеді?"; i++) {
      await page.keyboard.press("Tab");
      reached = await page.evaluate<string>('document.activeElement?.textContent ?? ""');
    }
    expect(reached).toBe("Балама қай қызмет сәйкес келеді?");
    await page.keyboard.press("Enter");
    await eventually(() => lastBot(page).textContent()).toMatch(/Қай жағдай/);
    // The message was edited in place: the focus stays in it, on its first option.
    await eventually(() =>
      page.evaluate<string>('document.activeElement?.textContent ?? ""'),
    ).toMatch(/Денсаулығына байланысты/);
    await page.keyboard.press("Enter");
    await eventually(() => lastBot(page).textContent()).toMatch(/ДКК/);
  });

  it("has no serious or critical accessibility violations (axe-core)", async () => {
    const page = await phonePage("kk", { bypassCSP: true });
    await page.goto(`${app.url}/chat`);
    await eventually(() => lastBot(page).textContent()).toMatch(/Сәлеметсіз бе/);
    await page.getByLabel("Сұрағыңыз").fill("ПМПК дегеніміз не?");
    await page.keyboard.press("Enter");
    await eventually(() => page.locator(".msg.bot").count()).toBeGreaterThan(1);
    expect(await axeViolations(page)).toEqual([]);
  });
});
