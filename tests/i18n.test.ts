import { describe, expect, it } from "vitest";
import { createI18n } from "../src/i18n.ts";

describe("Fluent messages, each language negotiated once", () => {
  const i18n = createI18n("locales");
  const back = { kk: "Басты бетке оралу", ru: "Вернуться на главную" };

  it("answers each language in its own words however the calls interleave", () => {
    const seen = ["kk", "ru", "kk", "ru-RU", "en", "ru", "kk-KZ", "kk"].map((locale) =>
      i18n.t(locale, "console-back-home"),
    );
    expect(seen).toEqual([back.kk, back.ru, back.kk, back.ru, back.kk, back.ru, back.kk, back.kk]);
  });

  it("still negotiates a locale list it has not seen, past its memory", () => {
    for (let i = 0; i < 100; i++) i18n.t(`x-${i}`, "console-back-home");
    expect(i18n.t("ru", "console-back-home")).toBe(back.ru);
    expect(i18n.t("ru-KZ", "console-back-home")).toBe(back.ru);
    expect(i18n.t("zz-unknown", "console-back-home")).toBe(back.kk);
  });
});
