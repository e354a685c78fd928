import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDemoAccounts } from "../../src/users/demo-accounts.ts";
import { buildApp } from "../support/app.ts";
import { launchBrowser } from "../support/browser.ts";
import { testRedisUrl } from "../support/suite-redis.ts";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe("first run without an administrator", { timeout: 60_000 }, () => {
  let app: Awaited<ReturnType<typeof buildApp>>;
  beforeAll(async () => {
    app = await buildApp(testRedisUrl());
  }, 60_000);
  afterAll(async () => app?.close());

  it("shows what runs here on the bare address", async () => {
    const response = await fetch(`${app.url}/`);
    expect(response.status).toBe(200);
    const text = await response.text();
    for (const link of ['href="/chat', 'href="/console', 'href="/healthz"', 'href="/metrics"'])
      expect(text).toContain(link);
    expect(text).toMatch(/@BotFather/);
    expect(text).toMatch(/BOT_TOKEN/);
    expect(text).toMatch(/WEBHOOK_URL/);
    expect(await (await fetch(`${app.url}/?lang=ru`)).text()).toMatch(/Подключить Telegram-бота/);
  });

  it("refuses the setup link from another address (through a proxy)", async () => {
    if (!app.setupUrl) throw new Error("no setup link printed");
    const response = await fetch(app.setupUrl, { headers: { "x-forwarded-for": "203.0.113.9" } });
    expect(response.status).toBe(403);
  });

  it("creates the administrator once with the setup link; a second use is refused", async () => {
    if (!app.setupUrl) throw new Error("no setup link printed");
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(app.setupUrl);
    await page.getByLabel("Электрондық пошта").fill("first-admin@school.kz");
    await page.getByLabel("Құпиясөз (кемінде 10 таңба)").fill("first-admin-pass");
    await page.getByLabel("Құпиясөзді қайталаңыз").fill("first-admin-pass");
    await page.getByRole("button", { name: "Әкімшіні құру" }).click();
    await page.waitForURL(/\/console\/login/);
    await page.getByLabel("Электрондық пошта").fill("first-admin@school.kz");
    await page.getByLabel("Құпиясөз").fill("first-admin-pass");
    await page.getByRole("button", { name: "Кіру" }).click();
    await page.waitForURL(/\/console\/admin\/users/);

    const again = await page.goto(app.setupUrl);
    expect(again?.status()).toBe(410);
    expect(await page.textContent("main")).toMatch(/қолданылған/);
    const replay = await fetch(app.setupUrl, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "email=intruder%40x.kz&password=intruder-pass-1&passwordAgain=intruder-pass-1",
    });
    expect(replay.status).toBe(410);
    const admins = (await app.deps.db.selectFrom("users").select("email").execute()).map(
      (u) => u.email,
    );
    expect(admins).toEqual(["first-admin@school.kz"]);
    await context.close();
  });
});

describe("demo mode", { timeout: 60_000 }, () => {
  let app: Awaited<ReturnType<typeof buildApp>>;
  beforeAll(async () => {
    app = await buildApp(testRedisUrl(), { DEMO_DATA: "1" });
  }, 60_000);
  afterAll(async () => app?.close());

  it("lists the demo accounts of each role on the login page, on loopback only, and they work", async () => {
    const accounts = loadDemoAccounts();
    expect(new Set(accounts.map((a) => a.role))).toEqual(
      new Set(["operator", "school_admin", "admin"]),
    );
    expect(app.setupUrl).toBeUndefined();
    const local = await (await fetch(`${app.url}/console/login`)).text();
    for (const account of accounts) {
      expect(local).toContain(account.email);
      expect(local).toContain(account.password);
    }
    const proxied = await (
      await fetch(`${app.url}/console/login`, { headers: { "x-forwarded-for": "203.0.113.9" } })
    ).text();
    expect(proxied).not.toContain(accounts[0]?.password);

    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(`${app.url}/console/login`);
    const operator = accounts.find((a) => a.role === "operator");
    await page.getByLabel("Электрондық пошта").fill(operator?.email ?? "");
    await page.getByLabel("Құпиясөз").fill(operator?.password ?? "");
    await page.getByRole("button", { name: "Кіру" }).click();
    await page.waitForURL(/\/console\/search/);
    await context.close();
  });

  it("does not show them outside demo mode", async () => {
    const plain = await buildApp(testRedisUrl());
    try {
      const text = await (await fetch(`${plain.url}/console/login`)).text();
      expect(text).not.toContain(loadDemoAccounts()[0]?.email);
    } finally {
      await plain.close();
    }
  });
});
