import { mkdir, readFile } from "node:fs/promises";
import type { FastifyInstance } from "fastify";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createServer } from "../../src/http/server.ts";
import { importProvidersCsv } from "../../src/providers/directory.ts";
import { createUserRepository } from "../../src/users/repository.ts";
import {
  type BotHarness,
  buttonData,
  findButton,
  press,
  startBotHarness,
} from "../support/bot-harness.ts";
import { launchBrowser } from "../support/browser.ts";
import { ConsoleClient } from "../support/console-client.ts";
import { aigerim, createOperators, startDelivery } from "../support/handoff.ts";
import { testRedisUrl } from "../support/suite-redis.ts";

const shots = "docs/screenshots";

// End to end with real parts: the bot on the loopback Bot API, the console in Debian's chromium,
// the delivery worker on Redis, one SQLite file. The bot's clock is a working Tuesday morning.
describe("a parent reaches a 1414 operator", { timeout: 90_000 }, () => {
  let h: BotHarness;
  let server: FastifyInstance;
  let url: string;
  let browser: Browser;
  let delivery: Awaited<ReturnType<typeof startDelivery>>;

  beforeAll(async () => {
    await mkdir(shots, { recursive: true });
    h = await startBotHarness({ redisUrl: testRedisUrl() });
    delivery = await startDelivery(h, testRedisUrl());
    await createOperators(h, [aigerim]);
    server = await createServer(h.deps);
    await server.listen({ host: "127.0.0.1", port: 0 });
    const address = server.server.address();
    url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
    browser = await launchBrowser();
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await delivery?.close();
    await h?.close();
  });

  async function signIn(): Promise<Page> {
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      locale: "kk-KZ",
    });
    const page = await context.newPage();
    await page.goto(`${url}/console/login?lang=kk`);
    await page.getByLabel("Электрондық пошта").fill(aigerim.email);
    await page.getByLabel("Құпиясөз").fill(aigerim.password);
    await page.getByRole("button", { name: "Кіру" }).click();
    await page.waitForURL((u) => !u.pathname.endsWith("/login"));
    return page;
  }

  it("kk: the conversation appears live, the operator answers and sends a card, the parent gets both and rates", async () => {
    const page = await signIn();
    await page.goto(`${url}/console/handoff`);
    await page.getByRole("button", { name: "Желідемін" }).click();
    await page.getByText("Сіз желідесіз").waitFor();
    await page.locator("body[data-live='1']").waitFor();
    // A marker that a reload would wipe: the row must arrive without one.
    await page.evaluate("window.stayed = true");

    const parent = h.user("kk");
    parent.sendText("адаммен сөйлескім келеді");
    const start = await parent.waitForMessage();
    expect(start.text).toMatch(/1414 операторлары қазір жұмыс істейді/);
    await press(parent, start, findButton(start, "Иә"));
    parent.sendText("Үйде оқытуға өтінішті қайда беремін?");
    const queued = await parent.waitForMessage();
    expect(queued.text).toBe("Күтіңіз, сіз кезектесіз: 1-ші.");

    const row = page.locator("#handoff-queue tr", {
      hasText: "Үйде оқытуға өтінішті қайда беремін?",
    });
    await row.waitFor({ timeout: 5000 });
    expect(await page.evaluate("window.stayed")).toBe(true);
    // The wait is read on one clock: the bot's fixed test clock does not make it months long.
    expect(await row.locator("td").nth(1).textContent()).toMatch(/^[0-2] мин$/);
    await page.screenshot({ path: `${shots}/handoff-queue-kk.png`, fullPage: true });

    await row.getByRole("button", { name: "Алу" }).click();
    await page.waitForURL(/\/console\/handoff\/\d+$/);
    const taken = await parent.waitForMessage((m) => /сізбен сөйлесуде/.test(m.text ?? ""));
    expect(taken.text).toMatch(/^Айгерім \(1414 операторы\)/);
    await page.locator("body[data-live='1']").waitFor();

    await page.locator("#reply-text").fill("Өтінішті мектепке немесе egov.kz арқылы бересіз.");
    await page.getByRole("button", { name: "Жіберу" }).first().click();
    const answer = await parent.waitForMessage(
      (m) => /egov\.kz арқылы бересіз/.test(m.text ?? ""),
      5000,
    );
    expect(answer.text).toBe(
      "Айгерім (1414 операторы):\nӨтінішті мектепке немесе egov.kz арқылы бересіз.",
    );
    // The operator's own message shows in the transcript without a reload.
    await page.locator("#transcript li.operator", { hasText: "egov.kz арқылы" }).waitFor();

    const cardForm = page
      .locator("form", { has: page.locator("input[name=what][value=card]") })
      .first();
    await cardForm.locator("select[name=service]").selectOption("home_schooling");
    await cardForm.getByRole("button", { name: "Жіберу" }).click();
    const card = await parent.waitForMessage(
      (m) => /Үйде оқыту/.test(m.text ?? "") && m.message_id > answer.message_id,
      5000,
    );
    expect(card.text).toMatch(/^Айгерім \(1414 операторы\):\nҮйде оқыту/);
    expect(buttonData(card)).toContain("c:home_schooling:s");
    // The operator's view names what was sent in the operator's language.
    await page.locator("#transcript li.operator .badge", { hasText: "карта" }).waitFor();

    parent.sendText("Рахмет, түсінікті!");
    await page
      .locator("#transcript li.parent", { hasText: "Рахмет, түсінікті!" })
      .waitFor({ timeout: 5000 });
    await page.screenshot({ path: `${shots}/handoff-conversation-kk.png`, fullPage: true });

    await page.locator("select[name=outcome]").selectOption("answered");
    await page.getByRole("button", { name: "Аяқтау" }).click();
    const closing = await parent.waitForMessage(
      (m) => /Оператор әңгімені аяқтады/.test(m.text ?? ""),
      5000,
    );
    const conversationId = Number(new URL(page.url()).pathname.split("/").pop());
    parent.pressButton(closing, `h:r:${conversationId}:5`);
    await parent.waitForMessage((m) => /Пікір қалдырғыңыз келсе/.test(m.text ?? ""));
    await expect
      .poll(async () => (await h.deps.handoff.conversation(conversationId))?.rating)
      .toBe(5);
    const closed = await h.deps.handoff.conversation(conversationId);
    expect(closed).toMatchObject({ status: "closed", outcome: "answered" });
    const audit = await h.deps.db
      .selectFrom("console_audit")
      .select("action")
      .where("subject", "=", `handoff:${conversationId}`)
      .orderBy("id")
      .execute();
    expect(audit.map((a) => a.action)).toEqual(["handoff.take", "handoff.close"]);
  });

  it("roles: school admins see no conversation, operators no supervision; the stream is SSE only", async () => {
    await importProvidersCsv(h.deps.db, await readFile("demo/providers.csv", "utf8"));
    await createUserRepository(h.deps.db).create({
      email: "school12@qoldau.test",
      password: "school-pass-12",
      role: "school_admin",
      providerId: "ast-school-12",
    });
    const school = new ConsoleClient(url);
    await school.login("school12@qoldau.test", "school-pass-12");
    for (const route of ["/console/handoff", "/console/handoff/1", "/console/handoff/events"])
      expect((await school.get(route)).status, route).toBe(403);
    const operator = new ConsoleClient(url);
    await operator.login(aigerim.email, aigerim.password);
    expect((await operator.get("/console/handoff/supervision")).status).toBe(403);
    expect((await operator.get("/console/handoff")).status).toBe(200);
    expect((await operator.get("/console/handoff/events")).status).toBe(406);
  });
});
