import { describe, expect, it } from "vitest";
import {
  fitPlain,
  splitHtml,
  splitPlain,
  TEXT_LIMIT,
  visibleLength,
} from "../../src/telegram/limits.ts";
import { parseFormatted } from "../support/telegram-api/formatting.ts";

/** What Telegram would count: the loopback server's own parser. */
const telegramLength = (html: string) => parseFormatted(html, "HTML").text.length;

describe("Telegram text limits", () => {
  it("measures HTML the way Telegram does: tags free, an entity is one character", () => {
    const html =
      '<b>Үйде оқыту</b> &amp; <a href="https://adilet.zan.kz/rus/docs/V2000020737">№ 223</a>';
    expect(visibleLength(html)).toBe(telegramLength(html));
    expect(visibleLength(html)).toBe("Үйде оқыту & № 223".length);
  });

  it("leaves a text within the limit as one message", () => {
    expect(splitHtml("<b>қысқа</b>")).toEqual(["<b>қысқа</b>"]);
  });

  it("splits a long list at line breaks into valid messages, none over the limit", () => {
    const items = Array.from(
      { length: 60 },
      (_, i) =>
        `${i + 1}. Приказ № 223 от 27.05.2020 &amp; приложение ${i}, строка ${"х".repeat(90)}`,
    );
    const html = `<b>Источники</b>\n\n${items.join("\n")}`;
    expect(visibleLength(html)).toBeGreaterThan(TEXT_LIMIT);
    const parts = splitHtml(html);
    // About 8,600 visible characters: three messages, as few as whole lines allow.
    expect(parts.length).toBe(3);
    for (const part of parts) {
      expect(telegramLength(part)).toBeLessThanOrEqual(TEXT_LIMIT);
      // Each part starts at the start of a line: no item is cut in two.
      expect(part.split("\n").every((line) => line === "" || /^(<b>|\d+\. )/.test(line))).toBe(
        true,
      );
    }
    const rejoined = parts.map((p) => parseFormatted(p, "HTML").text).join("\n");
    expect(rejoined.replace(/\s+/g, " ")).toBe(
      parseFormatted(html, "HTML").text.replace(/\s+/g, " "),
    );
  });

  it("never cuts inside a tag: a bold run across the cut is closed and reopened", () => {
    const html = `<b>${"сөз ".repeat(1500)}</b>`;
    const parts = splitHtml(html);
    expect(parts.length).toBe(2);
    for (const part of parts) {
      expect(part.startsWith("<b>") && part.endsWith("</b>")).toBe(true);
      expect(telegramLength(part)).toBeLessThanOrEqual(TEXT_LIMIT);
    }
  });

  it("refuses a tag Telegram does not accept instead of sending it", () => {
    expect(() => splitHtml("<br>")).toThrow(/does not accept/);
  });

  it("cuts plain text at a word with an ellipsis, and splits it at lines", () => {
    const text = "сөз ".repeat(2000);
    const fitted = fitPlain(text);
    expect(fitted.length).toBeLessThanOrEqual(TEXT_LIMIT);
    expect(fitted.endsWith("сөз…")).toBe(true);
    const lines = Array.from({ length: 100 }, () => "ж".repeat(80)).join("\n");
    const parts = splitPlain(lines);
    expect(parts.length).toBe(2);
    expect(parts.every((p) => p.length <= TEXT_LIMIT)).toBe(true);
    expect(parts.join("\n")).toBe(lines);
  });
});
