import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../support/app.ts";
import { testRedisUrl } from "../support/suite-redis.ts";

let app: Awaited<ReturnType<typeof buildApp>>;
beforeAll(async () => {
  app = await buildApp(testRedisUrl());
});
afterAll(() => app?.close());

const stylesheetsOf = (html: string) =>
  [...html.matchAll(/<link rel="stylesheet" href="([^"]+)">/g)].map((m) => m[1] as string);
/** The custom properties a stylesheet declares (`--name:`). */
const declared = (css: string) => new Set([...css.matchAll(/(--[\w-]+)\s*:/g)].map((m) => m[1]));
/** The custom properties a stylesheet reads (`var(--name)`). */
const used = (css: string) => new Set([...css.matchAll(/var\((--[\w-]+)\)/g)].map((m) => m[1]));

describe("one set of colours for the console and the web chat", () => {
  it("both pages load the same theme before their own stylesheet", async () => {
    const theme = await readFile("public/theme.css", "utf8");
    const pages = { console: "/console/login", chat: "/chat?lang=kk" };
    for (const [name, url] of Object.entries(pages)) {
      const page = await fetch(`${app.url}${url}`);
      expect(page.status, name).toBe(200);
      const sheets = stylesheetsOf(await page.text());
      expect(sheets[0], `${name}: the theme comes first`).toMatch(/\/assets\/theme\.css$/);
      expect(sheets.length, `${name}: the theme and the page's own`).toBeGreaterThanOrEqual(2);
      const served = await fetch(`${app.url}${sheets[0]}`);
      expect(served.status, name).toBe(200);
      expect(served.headers.get("content-type"), name).toMatch(/^text\/css/);
      expect(await served.text(), `${name} serves public/theme.css`).toBe(theme);
    }
  });

  it("names every shared colour once: the pages' stylesheets redeclare none and read no other", async () => {
    const theme = declared(await readFile("public/theme.css", "utf8"));
    for (const file of ["public/console.css", "public/webchat/chat.css", "public/handoff.css"]) {
      const css = await readFile(file, "utf8");
      const own = declared(css);
      expect(
        [...own].filter((name) => theme.has(name)),
        `${file} redeclares`,
      ).toEqual([]);
      const unknown = [...used(css)].filter((name) => !theme.has(name) && !own.has(name));
      expect(unknown, `${file} reads variables nobody declares`).toEqual([]);
    }
  });
});
