import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../support/app.ts";
import { launchBrowser } from "../support/browser.ts";
import { testRedisUrl } from "../support/suite-redis.ts";

/** Waits for what the page shows; generous, since the machine may be loaded (no fixed sleep). */
const eventually = <T>(read: () => T | Promise<T>, options = { timeout: 20_000 }) =>
  expect.poll(read, options);

/** A school's page on another origin (localhost, while the app is on 127.0.0.1: another site). */
async function startSchoolSite(page: () => string) {
  const server = http.createServer((_request, response) => {
    response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    response.end(page());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://localhost:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let app: Awaited<ReturnType<typeof buildApp>>;
let browser: Browser;
let allowed: Awaited<ReturnType<typeof startSchoolSite>>;
let refused: Awaited<ReturnType<typeof startSchoolSite>>;

beforeAll(async () => {
  const schoolPage = (extra = "") => `<!doctype html><html lang="kk"><head><meta charset="utf-8">
<title>№12 мектеп</title></head><body><h1>№12 мектеп</h1>${extra}
<script src="${app.url}/chat/embed.js" data-lang="kk" defer></script></body></html>`;
  allowed = await startSchoolSite(() => schoolPage());
  // The refused site also tries to frame the chat page directly.
  refused = await startSchoolSite(() =>
    schoolPage(`<iframe id="direct" title="chat" src="${app.url}/chat?embed=1"></iframe>`),
  );
  [app, browser] = await Promise.all([
    buildApp(testRedisUrl(), { WEBCHAT_ALLOWED_ORIGINS: allowed.origin }),
    launchBrowser(),
  ]);
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
  await allowed?.close();
  await refused?.close();
});

describe("the embeddable chat bubble", { timeout: 60_000 }, () => {
  it("opens the chat on an allowed school's page, and the conversation works", async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(allowed.origin);
    await page.getByRole("button", { name: "Qoldau чатын ашу" }).click();
    const chat = page.frameLocator("#qoldau-chat-frame");
    await eventually(() => chat.locator(".msg.bot").last().textContent()).toMatch(/Сәлеметсіз бе/);
    await chat.getByLabel("Сұрағыңыз").fill("ПМПК қанша күнде?");
    await chat.getByRole("button", { name: "Жіберу" }).click();
    await eventually(() => chat.locator(".msg.bot").last().textContent()).toMatch(/ПМПК/);
    await page.screenshot({ path: "docs/screenshots/webchat-embed-kk.png" });
    // Reloading the school's page keeps the conversation (the frame's own storage).
    const before = await chat.locator(".msg").count();
    await page.reload();
    await page.getByRole("button", { name: "Qoldau чатын ашу" }).click();
    await eventually(() => chat.locator(".msg").count()).toBe(before);
    await context.close();
  });

  it("is refused on a page of an origin that is not allowed", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const messages: string[] = [];
    page.on("console", (message) => messages.push(message.text()));
    await page.goto(refused.origin);
    await eventually(() => messages.join("\n")).toMatch(/not allowed to embed/);
    await eventually(() => messages.join("\n")).toMatch(/frame-ancestors/);
    expect(await page.locator("#qoldau-chat-bubble").count()).toBe(0);
    const direct = await (await page.$("#direct"))?.contentFrame();
    expect(await direct?.locator("#composer").count()).toBe(0);
    await context.close();
  });

  it("answers CORS for the allowed origin only", async () => {
    const hello = (origin: string) =>
      fetch(`${app.url}/chat/api/hello`, {
        method: "POST",
        headers: { origin, "content-type": "application/json" },
        body: JSON.stringify({ embed: true }),
      });
    const ok = await hello(allowed.origin);
    expect(ok.status).toBe(200);
    expect(ok.headers.get("access-control-allow-origin")).toBe(allowed.origin);
    const no = await hello(refused.origin);
    expect(no.status).toBe(403);
    expect(no.headers.get("access-control-allow-origin")).toBeNull();
    const page = await fetch(`${app.url}/chat`);
    expect(page.headers.get("content-security-policy")).toContain(
      `frame-ancestors 'self' ${allowed.origin}`,
    );
  });
});
