import { describe, expect, it } from "vitest";
import { analyse, stems } from "../../src/search/analyse.ts";
import { foldText, tokenise } from "../../src/search/normalise.ts";

describe("foldText", () => {
  it("folds Kazakh letters to the Russian-keyboard spelling parents type", () => {
    expect(foldText("Құжаттарды тапсыру")).toBe(foldText("кужаттарды тапсыру"));
    expect(foldText("үйде оқыту")).toBe(foldText("уйде окыту"));
  });

  it("reads Kazakh written in Latin script", () => {
    expect(foldText("qujattar")).toBe(foldText("құжаттар"));
    expect(foldText("mektepke")).toBe(foldText("мектепке"));
    expect(foldText("Shymkent")).toBe(foldText("Шымкент"));
  });

  it("repairs Latin lookalike letters inside Cyrillic words", () => {
    expect(foldText("oқу")).toBe(foldText("оқу"));
    expect(foldText("ЭЦП")).toBe(foldText("эцп"));
    expect(foldText("ёлка")).toBe(foldText("елка"));
  });

  it("keeps offsets into the original text and splits numbers glued to words", () => {
    const text = "Мерзімі – 2жұмыс күні";
    const spans = tokenise(text);
    expect(spans.map((s) => text.slice(s.start, s.end))).toEqual(["Мерзімі", "2", "жұмыс", "күні"]);
  });
});

describe("stems", () => {
  it("gives inflected Kazakh and Russian forms one stem", () => {
    expect(
      new Set(["құжат", "құжаттар", "құжаттарды", "кужаттардың"].map((w) => stems(w)[0])).size,
    ).toBe(1);
    expect(new Set(["мектеп", "мектепке", "мектептерге"].map((w) => stems(w)[0])).size).toBe(1);
    expect(new Set(["документы", "документов", "документами"].map((w) => stems(w)[0])).size).toBe(
      1,
    );
  });

  it("gives forms the stemmer splits a shared prefix key", () => {
    const keys = (w: string) => analyse(w).flatMap((t) => [t.stem, t.prefix]);
    expect(keys("күні")).toEqual(expect.arrayContaining([keys("күн")[1]]));
    expect(keys("справка")).toEqual(expect.arrayContaining([keys("справку")[1]]));
  });

  it("drops function words of both languages", () => {
    expect(stems("и для ушин туралы")).toEqual([]);
  });
});
