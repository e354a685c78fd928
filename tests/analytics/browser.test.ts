import { mkdir } from "node:fs/promises";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDays, fromLocal, today } from "../../src/time/local-time.ts";
import { buildApp } from "../support/app.ts";
import { launchBrowser } from "../support/browser.ts";
import { testRedisUrl } from "../support/suite-redis.ts";

const shots = "docs/screenshots";
const admin = { email: "admin@qoldau.test", password: "admin-password-1" };

const questions = [
  "үйде оқыту мерзімі",
  "Үйде оқытуға қандай құжаттар керек?",
  "ПМПК қайда орналасқан?",
  "ПМПК тегін бе?",
  "оңалту орталығына қалай жазылуға болады?",
  "оператормен сөйлескім келеді",
  "бірінші сыныпқа қабылдау қашан басталады?",
  "какие документы в ПМПК?",
  "сколько дней рассматривают заявление на обучение на дому?",
  "лагерь летом бесплатно?",
  "как перевести ребенка в другую школу?",
  "что такое хоумскулинг",
  "какие документы нужны?",
  "как получить пенсию по инвалидности?",
  "хочу поговорить с оператором",
  "погода в Астане завтра",
  "бесплатное питание в школе для ребенка с инвалидностью",
];

describe("analytics page in a real browser", { timeout: 60_000 }, () => {
  let app: Awaited<ReturnType<typeof buildApp>>;
  let browser: Browser;

  beforeAll(async () => {
    await mkdir(shots, { recursive: true });
    [app, browser] = await Promise.all([
      buildApp(testRedisUrl(), { ADMIN_EMAIL: admin.email, ADMIN_PASSWORD: admin.password }),
      launchBrowser(),
    ]);
    const { deps } = app;
    const { answers } = deps.knowledge.current();
    // A month of questions through the recorder the bot and the console call (fixed pattern).
    let seed = 7;
    const next = () => {
      seed = (seed * 48271) % 2147483647;
      return seed / 2147483647;
    };
    for (let daysAgo = 29; daysAgo >= 0; daysAgo--) {
      const count = 6 + Math.floor(next() * 10) + (daysAgo % 7 < 2 ? 0 : 6);
      for (let i = 0; i < count; i++) {
        const question = questions[Math.floor(next() ** 1.6 * questions.length)] ?? "";
        const channel = next() < 0.7 ? "telegram" : next() < 0.5 ? "webchat" : "console";
        await deps.questionLog.record({
          channel,
          question,
          answer: answers.answerExtractive(question),
          at: fromLocal(addDays(today(), -daysAgo), `${String(9 + (i % 9)).padStart(2, "0")}:15`),
        });
      }
    }
    for (let i = 0; i < 40; i++) {
      const service = ["pmpk", "home_schooling", "rehabilitation", "first_grade"][i % 4] ?? null;
      const ref = await deps.feedback.remember({
        question: "?",
        lang: "kk",
        service,
        confidence: 0.9,
      });
      await deps.feedback.record(
        ref,
        next() > (i % 4 === 1 ? 0.4 : 0.2),
        fromLocal(addDays(today(), -(i % 25)), "12:00"),
      );
    }
    // Handoff conversations as the handoff flow writes them (planted here).
    for (let i = 0; i < 24; i++) {
      const created = fromLocal(addDays(today(), -(i % 20)), "10:00");
      const wait = Math.round(20 + next() ** 2 * 900);
      await deps.db
        .insertInto("handoff_conversation")
        .values({
          channel: "telegram",
          chat_id: String(9000 + i),
          language: i % 3 === 0 ? "ru" : "kk",
          topic: null,
          status: "closed",
          context_json: "{}",
          created_at: created.toISOString(),
          taken_at: new Date(created.getTime() + wait * 1000).toISOString(),
          closed_at: created.toISOString(),
          operator_id: null,
          outcome:
            ["answered", "answered", "provider", "other_body", "not_our_service"][i % 5] ?? null,
          rating: i % 4 === 3 ? null : ([5, 4, 5, 3, 5, 2][i % 6] ?? null),
          rating_comment: null,
        })
        .execute();
    }
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it("admin: the analytics page in Kazakh, charts drawn without a blocked style or script", async () => {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      locale: "kk-KZ",
    });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on("console", (message) => {
      // A blocked inline style or script is reported here (a missing favicon is not our page).
      if (message.type() === "error" && !/Failed to load resource/.test(message.text()))
        problems.push(message.text());
    });
    page.on("pageerror", (error) => problems.push(error.message));
    page.on("response", (response) => {
      if (response.status() >= 400 && !response.url().endsWith("/favicon.ico"))
        problems.push(`${response.status()} ${response.url()}`);
    });
    await page.goto(`${app.url}/console/login?lang=kk`);
    await page.getByLabel("Электрондық пошта").fill(admin.email);
    await page.getByLabel("Құпиясөз").fill(admin.password);
    await page.getByRole("button", { name: "Кіру" }).click();
    await page.waitForURL((url) => !url.pathname.endsWith("/login"));
    await page.getByRole("link", { name: "Талдау" }).click();
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Сұрақтар талдауы");
    expect(await page.locator("svg.chart").count()).toBeGreaterThanOrEqual(7);
    const box = await page
      .getByRole("img", { name: "Күн сайынғы сұрақтар, тіл және арна бойынша" })
      .boundingBox();
    expect(box?.width).toBeGreaterThan(600);
    await page.screenshot({ path: `${shots}/admin-analytics.png`, fullPage: true });
    expect(problems).toEqual([]);
    await context.close();
  });
});
