import { describe, expect, it } from "vitest";
import { loadCatalogue } from "../../src/knowledge/catalogue.ts";
import { PassageIndex } from "../../src/search/index.ts";
import type { Passage } from "../../src/search/passage.ts";

const citation = (source: string, status: string) => ({
  source,
  title: source,
  date: "2020-05-27",
  status,
  locator: "item 1",
});

const passages: Passage[] = (
  [
    {
      id: "hs-docs",
      kind: "section",
      lang: "kk",
      serviceId: "home_schooling",
      title: "Құжаттар тізбесі",
      text: "1) өтініш; 2) үйде оқыту бойынша ұсынымдармен қоса дәрігерлік-консультациялық комиссияның қорытындысы.",
      citation: citation("order-223", "in_force"),
      current: true,
    },
    {
      id: "hs-term",
      kind: "section",
      lang: "kk",
      serviceId: "home_schooling",
      title: "Мерзімі",
      text: "Қызмет көрсету мерзімі – 2 жұмыс күні.",
      citation: citation("order-223", "in_force"),
      current: true,
    },
    {
      id: "rehab-old",
      kind: "section",
      lang: "kk",
      serviceId: "rehabilitation",
      title: "Оңалту регламенті",
      text: "Оңалту және әлеуметтік бейімдеу мерзімі 89 күннен 364 күнге дейін.",
      citation: citation("akimat-604", "repealed"),
      current: false,
    },
    {
      id: "rehab-new",
      kind: "fact",
      lang: "ru",
      serviceId: "rehabilitation",
      title: "Срок оказания услуги",
      text: "Реабилитация и социальная адаптация: от 90 до 365 календарных дней.",
      citation: citation("order-223", "in_force"),
      current: true,
    },
  ] as Array<Omit<Passage, "refs" | "status">>
).map((p) => ({
  ...p,
  refs: [{ source: p.citation.source, locator: "item-1" }],
  status: p.current ? "current" : "repealed",
}));

const index = new PassageIndex(passages, (await loadCatalogue("knowledge")).synonyms);

describe("PassageIndex", () => {
  it("finds the Kazakh passage for a Russian question through the synonym table", () => {
    const hits = index.search("какие документы нужны для надомного обучения, заключение ВКК?");
    expect(hits[0]?.passage.id).toBe("hs-docs");
  });

  it("survives typos and Russian-keyboard Kazakh", () => {
    expect(index.search("дарігерлик консультациялык комисия корытындысы")[0]?.passage.id).toBe(
      "hs-docs",
    );
    expect(index.search("uyde oqytu qujattar")[0]?.passage.id).toBe("hs-docs");
  });

  it("ranks the rule in force above a repealed text on the same point", () => {
    const hits = index.search("оңалту мерзімі қанша күн", { limit: 4 });
    const ids = hits.map((h) => h.passage.id);
    expect(ids).toContain("rehab-old");
    expect(ids.indexOf("rehab-new")).toBeLessThan(ids.indexOf("rehab-old"));
  });

  it("lets history be searched without demotion when asked", () => {
    const hits = index.search("оңалту регламенті 89 күн", { historical: true });
    expect(hits[0]?.passage.id).toBe("rehab-old");
  });

  it("returns highlight ranges that point at the matched words", () => {
    const hit = index.search("мерзімі жұмыс күні")[0];
    expect(hit?.passage.id).toBe("hs-term");
    const words = (hit?.highlights ?? []).map(([s, e]) => hit?.passage.text.slice(s, e));
    expect(words).toEqual(expect.arrayContaining(["мерзімі", "жұмыс", "күні"]));
    expect(hit?.matchedTerms).toContain("жұмыс");
  });

  it("filters by language and returns nothing for unrelated words", () => {
    const kazakh = index.search("реабилитация", { lang: "kk" });
    expect(kazakh.length).toBeGreaterThan(0);
    expect(kazakh.every((h) => h.passage.lang === "kk")).toBe(true);
    expect(index.search("футбол погода")).toEqual([]);
  });
});
