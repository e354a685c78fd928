import { describe, expect, it } from "vitest";
import { createAnswerService } from "../../src/answers/service.ts";
import { loadCatalogue } from "../../src/knowledge/catalogue.ts";
import { testAnswerMessages } from "../support/i18n.ts";

const answers = createAnswerService({
  messages: testAnswerMessages,
  catalogue: await loadCatalogue("knowledge"),
});

describe("claims that rest only on the repealed regulation 604", () => {
  it("the special-admission fee is told as history, cited as repealed", () => {
    const answer = answers.answerExtractive("специальная школа прием платный?");
    expect(answer.service).toBe("special_admission");
    expect(answer.answer).toMatch(/В действующих текстах сведений об оплате нет/);
    expect(answer.answer).toMatch(/только история/);
    const cited = answer.citations.filter((c) => c.source === "akimat-604-2018");
    expect(cited.length).toBeGreaterThan(0);
    expect(cited.every((c) => c.status === "repealed")).toBe(true);
  });

  it("the PMPK office channel is cited from a source in force, with its caveat", () => {
    const answer = answers.answerExtractive("ПМПК-ға қайда жүгіну керек?");
    expect(answer.service).toBe("pmpk");
    expect(answer.answer).toMatch(
      /ПМПК кеңсесі — № 223 бұйрықтың қазіргі 1-қосымшасымен тексерілмеген/,
    );
    expect(answer.citations.some((c) => c.source === "pmpk-pages")).toBe(true);
    expect(answer.citations.some((c) => c.source === "akimat-604-2018")).toBe(false);
  });
});
