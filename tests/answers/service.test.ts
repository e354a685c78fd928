import { beforeAll, describe, expect, it } from "vitest";
import {
  type AnswerService,
  createAnswerService,
  detectLanguage,
} from "../../src/answers/service.ts";
import { loadCatalogue } from "../../src/knowledge/catalogue.ts";
import { testAnswerMessages } from "../support/i18n.ts";

let answers: AnswerService;

beforeAll(async () => {
  const catalogue = await loadCatalogue(new URL("../../knowledge", import.meta.url).pathname);
  answers = createAnswerService({ messages: testAnswerMessages, catalogue });
});

describe("detectLanguage", () => {
  it("tells Kazakh from Russian, also without Kazakh letters or in Latin script", () => {
    expect(detectLanguage("Үйде оқыту тегін бе?")).toBe("kk");
    expect(detectLanguage("уйде окыту ушин кандай кужат керек")).toBe("kk");
    expect(detectLanguage("birinshi synypqa qashan qabyldaydy")).toBe("kk");
    expect(detectLanguage("какие документы нужны на надомное обучение?")).toBe("ru");
  });
});

describe("answer", () => {
  it("answers a Kazakh question in Kazakh with the documents and a citation after each", async () => {
    const answer = await answers.answer("баламды үйде оқытуға қандай құжаттар керек?");
    expect(answer.lang).toBe("kk");
    expect(answer.service).toBe("home_schooling");
    expect(answer.answer).toContain("Өтініш");
    const factLines = answer.answer.split("\n").filter((l) => l.startsWith("•"));
    expect(factLines.length).toBeGreaterThan(0);
    for (const line of factLines) expect(line).toMatch(/\[[^\]]+\]$/);
    expect(answer.citations.some((c) => c.source === "order-223" && c.status === "in_force")).toBe(
      true,
    );
  });

  it("kk: an eligibility question gets the service's summary once, not again as an extra fact", async () => {
    const answer = await answers.answer("баламның үйде оқуға құқығы бар ма, ол мүгедек");
    expect(answer.service).toBe("home_schooling");
    const sentences = answer.answer
      .split("\n")
      .map((line) => line.replace(/^•\s*|^[^:]+:\s*/, "").replace(/\s*\[[^\]]+\]$/, ""))
      .filter((line) => line.length > 40);
    expect(sentences.length).toBeGreaterThan(0);
    expect(new Set(sentences).size).toBe(sentences.length);
  });

  it("answers a Russian question about the term in Russian from the order in force", async () => {
    const answer = await answers.answer("сколько дней рассматривают заявление на надомку?");
    expect(answer.lang).toBe("ru");
    expect(answer.service).toBe("home_schooling");
    expect(answer.answer).toContain("2 рабочих дня");
  });

  it("follows the 2025 edition for the home-schooling result and marks the old wording", async () => {
    const answer = await answers.answer(
      "что я получу после подачи на надомное обучение, будет приказ?",
    );
    expect(answer.answer).toMatch(/мотивированный ответ об отказе/);
    // The rule in force is cited as such; the earlier editions it replaced only as superseded.
    const statusOf = new Map(answer.citations.map((c) => [c.source, c.status]));
    expect(statusOf.get("order-223")).toBe("in_force");
    const superseded = answer.citations.filter((c) => c.status === "superseded");
    expect(superseded.map((c) => c.source)).toEqual(expect.arrayContaining(["order-462-2022"]));
    expect(superseded.every((c) => c.source !== "order-223")).toBe(true);
  });

  it("says that a repealed act is repealed, by what and when", async () => {
    const answer = await answers.answer("действует ли постановление акимата 604 о регламентах?");
    expect(answer.repealed).toBe(true);
    expect(answer.answer).toMatch(/утратил силу/);
    expect(answer.answer).toContain("35");
    // The act itself is cited, and only as repealed.
    expect(answer.citations.filter((c) => c.source === "akimat-604-2018")).toEqual([
      expect.objectContaining({ status: "repealed" }),
    ]);
  });

  it("redirects questions outside Qoldau to 1414 and egov", async () => {
    for (const question of [
      "как поступить в вуз на грант после ЕНТ",
      "ертең ауа райы қандай болады",
    ]) {
      const answer = await answers.answer(question);
      expect(answer.outOfScope).toBe(true);
      expect(answer.service).toBeNull();
      expect(answer.answer).toContain("1414");
      expect(answer.answer).toContain("egov.kz");
    }
  });

  it("sends the reimbursement of home-schooling costs to its own provider", async () => {
    const answer = await answers.answer(
      "возмещение затрат на обучение на дому ребенка-инвалида, как получить?",
    );
    expect(answer.outOfScope).toBe(true);
    expect(answer.service).toBe("home_schooling_reimbursement");
  });

  it("asks which service is meant when the question names none", async () => {
    const answer = await answers.answer("какие документы нужны?");
    expect(answer.outOfScope).toBe(false);
    expect(answer.service).toBeNull();
    expect(answer.answer).toContain("Обучение на дому");
    expect(answer.confidence).toBeLessThan(0.5);
  });

  it("honours an explicit language", async () => {
    const answer = await answers.answer("надомное обучение платное?", { lang: "kk" });
    expect(answer.lang).toBe("kk");
    expect(answer.answer).toContain("Тегін");
  });
});

describe("search", () => {
  it("finds Kazakh sources for a Russian abbreviation and returns highlight ranges", () => {
    const hits = answers.search("заключение ВКК", { limit: 10 });
    expect(hits.length).toBeGreaterThan(0);
    const kazakh = hits.find((h) => h.passage.lang === "kk");
    expect(kazakh).toBeDefined();
    for (const hit of hits)
      for (const [start, end] of hit.highlights) expect(end).toBeGreaterThan(start);
  });

  it("never ranks the repealed regulation above the rule in force on the same point", () => {
    const hits = answers.search("оңалту мерзімі күн", { limit: 10 });
    const firstRepealed = hits.findIndex((h) => h.passage.citation.status === "repealed");
    const firstCurrent = hits.findIndex((h) => h.passage.current);
    expect(firstCurrent).toBeGreaterThanOrEqual(0);
    // The repealed 2015 rules on the same point are among the hits, below the rule in force.
    expect(firstRepealed).toBeGreaterThanOrEqual(0);
    expect(firstCurrent).toBeLessThan(firstRepealed);
  });
});
