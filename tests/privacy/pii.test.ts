import { describe, expect, it } from "vitest";
import { detectPii, scrubPii, withoutPiiClauses } from "../../src/privacy/pii.ts";

describe("detectPii", () => {
  it("finds a 12-digit ИИН/ЖСН and scrubs it", () => {
    const found = detectPii("Баламның ЖСН 150101500123, не істеймін?");
    expect(found.kinds).toEqual(["iin"]);
    expect(found.scrubbed).toBe("Баламның ЖСН [ЖСН], не істеймін?");
  });

  it("does not take an 11- or 13-digit number, a year or an order number for an ИИН", () => {
    expect(detectPii("приказ № 223 от 2020 года, номер 12345678901").kinds).toEqual([]);
    expect(detectPii("1234567890123").kinds).toEqual([]);
  });

  it("finds phone numbers written the usual ways", () => {
    for (const phone of ["+7 701 234 56 78", "87012345678", "8 (701) 234-56-78", "+77012345678"])
      expect(detectPii(`звоните ${phone}`).kinds, phone).toEqual(["phone"]);
    expect(scrubPii("мой номер +7 701 234 56 78")).toBe("мой номер [телефон]");
  });

  it("keeps the contact centre numbers 1414 and 8-800-080-7777 (they are not a person's)", () => {
    expect(detectPii("позвонила в 1414 и на 8-800-080-7777").kinds).toEqual([]);
  });

  it("finds a full name next to a diagnosis, in Russian and Kazakh", () => {
    expect(detectPii("Иванов Артём, диагноз ДЦП, можно на дому?").kinds).toEqual([
      "name-diagnosis",
    ]);
    expect(detectPii("Серікұлы Әлихан аутизм, ПМПК керек пе").kinds).toEqual(["name-diagnosis"]);
    expect(scrubPii("Иванов Артём, диагноз ДЦП")).toBe("[аты-жөні], диагноз ДЦП");
  });

  it("leaves a diagnosis without a name, and a name without a diagnosis, alone", () => {
    expect(detectPii("у ребёнка ДЦП, какие документы?").kinds).toEqual([]);
    expect(detectPii("Директор школы Петров Иван не принял заявление").kinds).toEqual([]);
  });
});

describe("withoutPiiClauses", () => {
  it("keeps the question and drops the clauses that carried personal data", () => {
    const { scrubbed } = detectPii(
      "ИИН ребенка 150101500123, мой телефон +7 701 234 56 78, какие документы в ПМПК?",
    );
    expect(withoutPiiClauses(scrubbed)).toBe("какие документы в ПМПК?");
  });
});
