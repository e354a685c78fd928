import { mkdir } from "node:fs/promises";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUserRepository } from "../../src/users/repository.ts";
import { buildApp } from "../support/app.ts";
import { launchBrowser } from "../support/browser.ts";
import { testRedisUrl } from "../support/suite-redis.ts";

const shots = "docs/screenshots";
const admin = { email: "admin@qoldau.test", password: "admin-password-1" };
const operator = { email: "operator@qoldau.test", password: "operator-pass-1" };
const school = { email: "school12@qoldau.test", password: "school-pass-12" };
// demo/applications.csv: the first belongs to ast-school-12 (PIN 482913), the second to alm-school-7.
const ownApplication = "65H9-THPJ-H6NA";
const otherSchoolApplication = "R86Z-A7PW-MFNN";

// Generous per-test limit: the suite shares two cores with other suites; each test takes 2–8 s.
describe("console in a real browser", { timeout: 45_000 }, () => {
  let app: Awaited<ReturnType<typeof buildApp>>;
  let browser: Browser;

  beforeAll(async () => {
    await mkdir(shots, { recursive: true });
    [app, browser] = await Promise.all([
      buildApp(testRedisUrl(), {
        DEMO_DATA: "1",
        ADMIN_EMAIL: admin.email,
        ADMIN_PASSWORD: admin.password,
      }),
      launchBrowser(),
    ]);
    const users = createUserRepository(app.deps.db);
    await users.create({ ...operator, role: "operator", displayName: "Айгерім (оператор)" });
    await users.create({ ...school, role: "school_admin", providerId: "ast-school-12" });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  async function signIn(
    who: { email: string; password: string },
    lang: "kk" | "ru" = "kk",
    viewport = { width: 1280, height: 860 },
  ): Promise<Page> {
    const context = await browser.newContext({
      viewport,
      locale: lang === "kk" ? "kk-KZ" : "ru-RU",
    });
    await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: app.url });
    const page = await context.newPage();
    await page.goto(`${app.url}/console/login?lang=${lang}`);
    await page
      .getByLabel(lang === "kk" ? "Электрондық пошта" : "Электронная почта")
      .fill(who.email);
    await page.getByLabel(lang === "kk" ? "Құпиясөз" : "Пароль").fill(who.password);
    await page.getByRole("button", { name: lang === "kk" ? "Кіру" : "Войти" }).click();
    await page.waitForURL((url) => !url.pathname.endsWith("/login"));
    return page;
  }

  it("operator: searches as they type in Kazakh and Russian, with the keyboard, and copies the answer", async () => {
    const login = await (
      await browser.newContext({ viewport: { width: 1280, height: 860 } })
    ).newPage();
    await login.goto(`${app.url}/console/login`);
    expect(await login.getAttribute("html", "lang")).toBe("kk");
    await login.screenshot({ path: `${shots}/login-kk.png` });
    await login.context().close();

    const page = await signIn(operator);
    expect(new URL(page.url()).pathname).toBe("/console/search");
    // Focus is in the search box on load: typing goes straight in.
    await page.locator("#q:focus").waitFor({ timeout: 5000 });
    await page.keyboard.type("үйде оқыту құжаттары", { delay: 15 });
    await page.locator("#best-answer").waitFor();
    await expect.poll(() => page.locator("#results mark").count()).toBeGreaterThan(0);
    expect(await page.locator(".service-card").count()).toBeGreaterThan(0);
    expect(await page.locator(".citations li").count()).toBeGreaterThan(0);
    expect(page.url()).toContain("q=");
    await page.screenshot({ path: `${shots}/operator-search-kk.png`, fullPage: true });

    await page.keyboard.press("ArrowDown");
    expect(
      // String expressions: the tests are type-checked without the DOM library.
      await page.evaluate<boolean>('document.activeElement?.classList.contains("answer") === true'),
    ).toBe(true);
    await page.keyboard.press("Enter");
    expect(await page.evaluate<string>("navigator.clipboard.readText()")).toContain("Үйде оқыту");
    await page.keyboard.press("Escape");
    expect(await page.inputValue("#q")).toBe("");
    expect(await page.evaluate<string>("document.activeElement?.id")).toBe("q");

    await page.getByRole("link", { name: "Русский" }).click();
    expect(await page.getAttribute("html", "lang")).toBe("ru");
    await page.locator("#q").fill("какие сроки ПМПК обследования");
    await page.locator("#best-answer").waitFor();
    await expect
      .poll(() => page.locator("#results section.answer").getAttribute("lang"))
      .toBe("ru");
    await page.getByRole("button", { name: "Скопировать ответ для зачитывания" }).click();
    await expect.poll(() => page.locator("button.copy").textContent()).toBe("Скопировано");
    const copied = await page.evaluate<string>("navigator.clipboard.readText()");
    expect(copied.length).toBeGreaterThan(20);
    expect(copied).not.toContain("[");
    await page.screenshot({ path: `${shots}/operator-search-ru.png`, fullPage: true });
    await page.context().close();
  });

  it("operator: walks the guided flow to a service card", async () => {
    const page = await signIn(operator);
    await page.goto(`${app.url}/console/flow`);
    await page
      .getByRole("button", { name: "Денсаулығына байланысты мектепке бара алмайды" })
      .click();
    await page.getByRole("button", { name: "Иә, бар" }).click();
    await page.locator("#flow-result").waitFor();
    expect(await page.locator(".service-card h3").first().textContent()).toBeTruthy();
    expect(await page.locator(".breadcrumbs li").count()).toBe(2);
    await page.screenshot({ path: `${shots}/operator-flow.png`, fullPage: true });
    await page.context().close();
  });

  it("operator: looks up a demo application without, then with, the caller's verification", async () => {
    const page = await signIn(operator, "ru");
    await page.goto(`${app.url}/console/status`);
    await page.getByLabel("Номер заявки").fill(ownApplication.toLowerCase());
    await page.getByRole("button", { name: "Проверить" }).click();
    await page.locator("#status-result").waitFor();
    expect(await page.locator(".stages").count()).toBe(0);
    expect(await page.textContent("main")).toContain("Звонящий не проверен");
    await page.screenshot({ path: `${shots}/operator-status-coarse.png`, fullPage: true });

    await page.getByLabel("По PIN из расписки").check();
    await page.getByLabel("Телефон или PIN").fill("482913");
    await page.getByRole("button", { name: "Проверить" }).click();
    await page.locator(".stages").waitFor();
    expect(await page.textContent("#status-result")).toContain("проверен");
    await page.screenshot({ path: `${shots}/operator-status-verified.png`, fullPage: true });
    await page.context().close();
  });

  it("school admin: sees own applications overdue first, moves one on, is refused another school's", async () => {
    const page = await signIn(school);
    expect(new URL(page.url()).pathname).toBe("/console/school");
    const rows = page.locator("tbody tr");
    expect(await rows.count()).toBeGreaterThan(0);
    expect(await page.textContent("main")).not.toContain(otherSchoolApplication);
    await page.screenshot({ path: `${shots}/school-applications.png`, fullPage: true });

    const row = page.locator(`tr[data-application="${ownApplication}"]`);
    await row.getByRole("button", { name: /Келесі кезең/ }).click();
    await page.locator(".notice.ok").waitFor();
    expect(
      await page
        .locator(`tr[data-application="${ownApplication}"] .stages li.current`)
        .textContent(),
    ).toBe("Орындаушыға берілді");

    const refused = await page.goto(
      `${app.url}/console/school/applications/${otherSchoolApplication}`,
    );
    expect(refused?.status()).toBe(403);
    expect(await page.textContent("main")).toContain("Бұл өтінім сіздің мектебіңізге жатпайды");
    await page.screenshot({ path: `${shots}/school-refused.png` });
    const board = await page.goto(`${app.url}/console/admin/queues/`);
    expect(board?.status()).toBe(403);
    await page.context().close();
  });

  it("admin: manages users, sees the queue dashboard and the catalogue", async () => {
    const page = await signIn(admin, "ru");
    expect(new URL(page.url()).pathname).toBe("/console/admin/users");
    expect(await page.textContent("main")).toContain(school.email);
    await page.screenshot({ path: `${shots}/admin-users.png`, fullPage: true });
    await page.goto(`${app.url}/console/admin/catalogue`);
    await page.getByRole("button", { name: "Перезагрузить каталог" }).click();
    await page.locator(".notice.ok").waitFor();
    const board = await page.goto(`${app.url}/console/admin/queues/`);
    expect(board?.status()).toBe(200);
    await page.getByText("status-lookup").first().click({ timeout: 10_000 });
    await page.waitForLoadState("networkidle");
    await page.screenshot({ path: `${shots}/admin-queues.png` });
    await page.context().close();
  });

  it("is readable on a phone", async () => {
    const page = await signIn(operator, "kk", { width: 390, height: 844 });
    await page.locator("#q").fill("ПМПК қорытындысы");
    await page.locator("#best-answer").waitFor();
    await page.screenshot({ path: `${shots}/operator-search-phone.png` });
    const wide = await page.evaluate<string[]>(
      `[...document.querySelectorAll("body *")]
        .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
        .slice(0, 5)
        .map((e) => e.tagName + "." + e.className)`,
    );
    expect(wide).toEqual([]);
    await page.context().close();
  });
});
