import { beforeAll, describe, expect, it } from "vitest";
import { type AnswerService, createAnswerService } from "../../src/answers/service.ts";
import { loadCatalogue } from "../../src/knowledge/catalogue.ts";
import { testAnswerMessages } from "../support/i18n.ts";

let answers: AnswerService;

beforeAll(async () => {
  const catalogue = await loadCatalogue(new URL("../../knowledge", import.meta.url).pathname);
  answers = createAnswerService({ messages: testAnswerMessages, catalogue });
});

describe("someone else's personal data", () => {
  it("is refused in Kazakh with the reason and the personal-data law, never searched", () => {
    const answer = answers.answerExtractive(
      "көршімнің баласының ПМПК қорытындысын көрсетіңізші, ЖСН-ы 150312600123",
    );
    expect(answer.intent).toBe("others_data");
    expect(answer.lang).toBe("kk");
    expect(answer.service).toBeNull();
    expect(answer.answer).toContain("«Дербес деректер және оларды қорғау туралы»");
    expect(answer.answer).toContain("8-бап");
    expect(answer.citations.map((c) => c.source)).toContain("personal-data-law");
  });

  it("is refused in Russian, also for a list of children with addresses", () => {
    for (const question of [
      "покажите заключение ребенка соседки, вот ИИН 140523501234",
      "дайте список детей на надомном обучении в нашей школе с адресами",
    ]) {
      const answer = answers.answerExtractive(question);
      expect(answer.intent, question).toBe("others_data");
      expect(answer.answer).toContain("«О персональных данных и их защите»");
      expect(answer.citations.map((c) => c.source)).toContain("personal-data-law");
    }
  });

  it("does not refuse a parent who gives their own ИИН or mentions a neighbour's advice", () => {
    const own = answers.answerExtractive("надомное обучение срок, мой ИИН 850101300123");
    expect(own.intent).toBe("service");
    expect(own.service).toBe("home_schooling");
    const advice = answers.answerExtractive(
      "соседка сказала что для надомного обучения нужно заключение ВКК, это так?",
    );
    expect(advice.intent).toBe("service");
    expect(advice.service).toBe("home_schooling");
  });
});

describe("another body's question", () => {
  it("sends disability benefits to social protection, not to an education service", () => {
    const ru = answers.answerExtractive("как оформить пособие по уходу за ребенком-инвалидом");
    expect(ru.intent).toBe("other_body");
    expect(ru.service).toBeNull();
    expect(ru.answer).toContain("социальной защиты");
    const kk = answers.answerExtractive("балама мүгедектік бойынша жәрдемақы қалай рәсімдеймін");
    expect(kk.intent).toBe("other_body");
    expect(kk.answer).toContain("әлеуметтік қорғау");
  });

  it("sends a polyclinic that will not issue the ВКК conclusion to health, keeps ВКК in hand as home schooling", () => {
    const refused = answers.answerExtractive("ДКК қорытындысын емхана бермей жатыр, не істеймін");
    expect(refused.intent).toBe("other_body");
    expect(refused.answer).toContain("денсаулық сақтау");
    const inHand = answers.answerExtractive(
      "ДКК қорытындысы бар, мектепке үйде оқыту үшін өтінішті egov арқылы бере аламын ба",
    );
    expect(inHand.intent).toBe("service");
    expect(inHand.service).toBe("home_schooling");
  });

  it("keeps the reimbursement card for home-schooling costs", () => {
    const answer = answers.answerExtractive(
      "возмещение затрат на обучение на дому ребенка-инвалида, как получить деньги?",
    );
    expect(answer.intent).toBe("other_body");
    expect(answer.service).toBe("home_schooling_reimbursement");
  });
});

describe("small talk and a person", () => {
  it("recognises greetings, thanks and 'are you a robot' in both languages", () => {
    for (const [question, lang] of [
      ["Сәлеметсіз бе!", "kk"],
      ["рахмет көп", "kk"],
      ["сен роботсың ба", "kk"],
      ["Здравствуйте", "ru"],
      ["спасибо большое!!", "ru"],
      ["ты бот?", "ru"],
    ] as const) {
      const answer = answers.answerExtractive(question);
      expect(answer.intent, question).toBe("small_talk");
      expect(answer.lang, question).toBe(lang);
      expect(answer.service, question).toBeNull();
    }
  });

  it("answers a greeting followed by a question as the question", () => {
    const answer = answers.answerExtractive(
      "Здравствуйте! Врачебно консультационная комиссия дала рекомендацию на дом. Что дальше?",
    );
    expect(answer.intent).toBe("service");
    expect(answer.service).toBe("home_schooling");
  });

  it("never matches a request for a person to a service", () => {
    for (const question of [
      "Можно поговорить с живым оператором?",
      "операторға қосыңызшы",
      "тірі адаммен сөйлескім келеді",
    ]) {
      const answer = answers.answerExtractive(question);
      expect(answer.intent, question).toBe("person");
      expect(answer.service, question).toBeNull();
      expect(answer.answer, question).toContain("1414");
    }
  });

  it("does not take a story that mentions the operator for a request for one", () => {
    const answer = answers.answerExtractive(
      "оператор 1414 сказал, что для спецшколы нужно заключение ПМПК",
    );
    expect(answer.intent).not.toBe("person");
  });
});

describe("follow-ups about the conversation's topic", () => {
  const homeSchooling = { service: "home_schooling" };

  it("answers a follow-up that names no service about the topic, in both languages", () => {
    const ru = answers.answerExtractive("а сколько ждать ответа?", { topic: homeSchooling });
    expect(ru.intent).toBe("service");
    expect(ru.service).toBe("home_schooling");
    expect(ru.answer).toContain("2 рабочих дня");
    const kk = answers.answerExtractive("қанша күнде қарайды?", { topic: homeSchooling });
    expect(kk.service).toBe("home_schooling");
    expect(kk.answer).toContain("2 жұмыс күні");
  });

  it("does not answer the same follow-up about home schooling without a topic", () => {
    const answer = answers.answerExtractive("а сколько ждать ответа?");
    expect(answer.service).not.toBe("home_schooling");
  });

  it("changes the topic when the message names another service", () => {
    const answer = answers.answerExtractive("а в первый класс какие документы", {
      topic: homeSchooling,
    });
    expect(answer.service).toBe("first_grade");
  });

  it("still refuses or redirects off-topic follow-ups", () => {
    expect(answers.answerExtractive("спасибо", { topic: homeSchooling }).intent).toBe("small_talk");
    expect(
      answers.answerExtractive("какой курс доллара сегодня", { topic: homeSchooling }).intent,
    ).toBe("out_of_scope");
  });
});

describe("out of scope", () => {
  it("sends a question with words the corpus never uses to 1414 instead of asking which service", () => {
    const answer = answers.answerExtractive("как получить загранпаспорт ребенку");
    expect(answer.intent).toBe("out_of_scope");
    expect(answer.answer).toContain("1414");
  });

  it("still asks which service when every word is ours", () => {
    expect(answers.answerExtractive("какие документы нужны?").intent).toBe("clarify");
  });
});

describe("knowledge/conversation.yaml", () => {
  it("loads, and every citation resolves to a section of the catalogue", async () => {
    const catalogue = await loadCatalogue(new URL("../../knowledge", import.meta.url).pathname);
    const { conversation } = catalogue;
    expect(conversation.otherBodies.map((b) => b.id)).toEqual(["social_protection", "health"]);
  });
});
