import { describe, expect, it } from "vitest";
import {
  checkConclusionDate,
  checkConclusionNumber,
  checkGrade,
  checkPersonName,
  checkSchool,
} from "../../src/documents/fields.ts";

describe("typed fields of a document", () => {
  it("accepts real name shapes and capitalises them", () => {
    expect(checkPersonName("  сейітова   айгүл нұрланқызы ")).toEqual({
      ok: true,
      value: "Сейітова Айгүл Нұрланқызы",
    });
    expect(checkPersonName("Ахметова-Сейітова Әсел")).toMatchObject({ ok: true });
    expect(checkPersonName("O'Brien Anna")).toMatchObject({ ok: true });
  });

  it("refuses questions and sentences typed where a name is expected", () => {
    for (const text of [
      "а зачем вам имя ребенка",
      "Зачем это?",
      "бала аты неге керек",
      "мен білмеймін",
      "не знаю",
    ])
      expect(checkPersonName(text)).toEqual({ ok: false, problem: "question" });
  });

  it("refuses figures, one word and overlong text", () => {
    expect(checkPersonName("1")).toEqual({ ok: false, problem: "not-a-name" });
    expect(checkPersonName("Айгүл")).toEqual({ ok: false, problem: "one-word" });
    expect(checkPersonName("Ә".repeat(81))).toEqual({ ok: false, problem: "too-long" });
  });

  it("reads grades, schools, conclusion numbers and dates", () => {
    expect(checkGrade("3")).toEqual({ ok: true, value: 3 });
    expect(checkGrade("3-сынып")).toEqual({ ok: true, value: 3 });
    expect(checkGrade("3 класс")).toEqual({ ok: true, value: 3 });
    expect(checkGrade("13")).toEqual({ ok: false, problem: "grade" });
    expect(checkSchool("КГУ «Школа-гимназия № 12»")).toMatchObject({ ok: true });
    expect(checkSchool("12")).toEqual({ ok: false, problem: "school" });
    expect(checkSchool("а зачем вам школа?")).toEqual({ ok: false, problem: "question" });
    expect(checkConclusionNumber("№ 45/2")).toEqual({ ok: true, value: "45/2" });
    expect(checkConclusionNumber("жоқ")).toEqual({ ok: false, problem: "number" });
    expect(checkConclusionDate("12.09.2025", "2025-11-25")).toEqual({
      ok: true,
      value: "2025-09-12",
    });
    // Written with slashes, as the other date inputs accept it.
    expect(checkConclusionDate("12/09/2025", "2025-11-25")).toEqual({
      ok: true,
      value: "2025-09-12",
    });
    expect(checkConclusionDate("12.09.1999", "2025-11-25")).toEqual({ ok: false, problem: "date" });
    expect(checkConclusionDate("2025-02-30", "2025-11-25")).toEqual({
      ok: false,
      problem: "date",
    });
    expect(checkConclusionDate("01.12.2025", "2025-11-25")).toEqual({
      ok: false,
      problem: "future-date",
    });
  });
});
