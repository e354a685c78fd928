import { describe, expect, it } from "vitest";
import { languageFromCode, languageFromText } from "../../src/bot/helpers/language.ts";

describe("the language a parent writes in", () => {
  it.each([
    ["Сәлеметсіз бе, балама үйде оқу керек", "kk"],
    ["баламды мектепке калай жаздырамыз", "kk"],
    ["Здравствуйте, какие документы нужны для ПМПК?", "ru"],
  ])("reads %s as %s", (text, lang) => {
    expect(languageFromText(text)).toBe(lang);
  });

  it("cannot tell from text without Cyrillic that does not read as Kazakh", () => {
    expect(languageFromText("hello 👋")).toBeUndefined();
    expect(languageFromText("/start")).toBeUndefined();
  });

  it("takes Kazakh or Russian from the Telegram client, and nothing else", () => {
    expect(languageFromCode("kk-KZ")).toBe("kk");
    expect(languageFromCode("ru")).toBe("ru");
    expect(languageFromCode("en")).toBeUndefined();
  });
});
