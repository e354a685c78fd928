import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../support/app.ts";
import { launchBrowser } from "../support/browser.ts";
import { freePort } from "../support/redis-server.ts";
import { testRedisUrl } from "../support/suite-redis.ts";

/** Waits for what the page shows; generous, since the machine may be loaded (no fixed sleep). */
const eventually = <T>(read: () => T | Promise<T>, options = { timeout: 20_000 }) =>
  expect.poll(read, options);

let browser: Browser;
let app: Awaited<ReturnType<typeof buildApp>> | undefined;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe("the web chat page across a server restart", { timeout: 90_000 }, () => {
  it("reconnects by itself, and a stale button is answered, not lost", async () => {
    // The same address before and after, as a restarted server has.
    const port = String(await freePort());
    app = await buildApp(testRedisUrl(), { PORT: port });
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(`${app.url}/chat?lang=kk`);
    const lastBot = () => page.locator(".msg.bot").last().textContent();
    await eventually(lastBot).toMatch(/Сәлеметсіз бе/);
    await page.getByRole("button", { name: "Балама қай қызмет сәйкес келеді?" }).click();
    await page.getByRole("button", { name: /Денсаулығына байланысты/ }).click();
    await eventually(lastBot).toMatch(/ДКК/);
    // A second walk leaves the first one's buttons stale.
    await page.getByRole("button", { name: "Балама қай қызмет сәйкес келеді?" }).click();
    await eventually(() => page.locator(".msg.bot").count()).toBe(3);

    await app.close();
    app = undefined;
    await eventually(() => page.locator("#status").textContent()).toMatch(/Байланыс үзілді/);
    app = await buildApp(testRedisUrl(), { PORT: port });
    await eventually(() => page.locator("#status").textContent(), { timeout: 15_000 }).not.toMatch(
      /Байланыс үзілді/,
    );

    // The first walk's "Иә, бар" is on a message the session has moved past.
    await page.locator(".msg.bot").nth(1).getByRole("button", { name: "Иә, бар" }).click();
    await eventually(() => page.locator("#status").textContent()).toMatch(/ескі хабарламадан/);
    await eventually(() => page.locator(".msg.bot").count()).toBe(4);
    await eventually(lastBot).toMatch(/Қай жағдай/);
    await context.close();
  });
});
