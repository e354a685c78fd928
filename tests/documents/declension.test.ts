import { describe, expect, it } from "vitest";
import {
  declineKazakhName,
  kazakhAttributiveDate,
  kazakhOrdinal,
} from "../../src/documents/declension/kk.ts";
import {
  declineRussianName,
  genderOfName,
  russianOrdinal,
} from "../../src/documents/declension/ru.ts";

describe("Kazakh name cases", () => {
  it("puts the pronominal н after -ұлы / -қызы patronymics", () => {
    expect(declineKazakhName("Сейітова Айгүл Нұрланқызы", "accusative")).toBe(
      "Сейітова Айгүл Нұрланқызын",
    );
    expect(declineKazakhName("Асқар Нұрланұлы", "genitive")).toBe("Асқар Нұрланұлының");
    expect(declineKazakhName("Асқар Нұрланұлы", "dative")).toBe("Асқар Нұрланұлына");
    expect(declineKazakhName("Айгүл Серікқызы", "ablative")).toBe("Айгүл Серікқызынан");
  });

  it("follows back and front vowel harmony", () => {
    expect(declineKazakhName("Асқар", "dative")).toBe("Асқарға");
    expect(declineKazakhName("Әсем", "dative")).toBe("Әсемге");
    expect(declineKazakhName("Ерік", "accusative")).toBe("Ерікті");
    expect(declineKazakhName("Болат", "accusative")).toBe("Болатты");
    expect(declineKazakhName("Гүлнұр", "genitive")).toBe("Гүлнұрдың");
    expect(declineKazakhName("Өмірзақ", "genitive")).toBe("Өмірзақтың");
  });

  it("chooses the consonant of the ending after vowels, sonorants, nasals and voiceless ends", () => {
    expect(declineKazakhName("Сейітова", "ablative")).toBe("Сейітовадан");
    expect(declineKazakhName("Айгерім", "ablative")).toBe("Айгерімнен");
    expect(declineKazakhName("Ержан", "genitive")).toBe("Ержанның");
    expect(declineKazakhName("Мәди", "dative")).toBe("Мәдиге");
    expect(declineKazakhName("Данияр", "ablative")).toBe("Даниярдан");
    expect(declineKazakhName("Нұрбек", "ablative")).toBe("Нұрбектен");
    expect(declineKazakhName("Сейітов", "dative")).toBe("Сейітовқа");
    expect(declineKazakhName("Алина", "accusative")).toBe("Алинаны");
    expect(declineKazakhName("Сергей", "dative")).toBe("Сергейге");
  });

  it("declines a double-barrelled name once, after its last part", () => {
    expect(declineKazakhName("Ахметова-Сейітова Әсел", "ablative")).toBe(
      "Ахметова-Сейітова Әселден",
    );
    expect(declineKazakhName("Сейітова Анна-Мария", "accusative")).toBe("Сейітова Анна-Марияны");
  });

  it("writes ordinals and dates the Kazakh way", () => {
    expect(`${kazakhOrdinal(3)}сыныпта`).toBe("3-сыныпта");
    expect(kazakhAttributiveDate("2025-09-12")).toBe("2025 жылғы 12 қыркүйектегі");
  });
});

describe("Russian name cases", () => {
  it("declines a woman's full name with a Russian patronymic", () => {
    expect(declineRussianName("Сейтова Айгуль Нурлановна", "genitive", "female")).toBe(
      "Сейтовой Айгуль Нурлановны",
    );
    expect(declineRussianName("Петрова Мария Ивановна", "accusative", "female")).toBe(
      "Петрову Марию Ивановну",
    );
    expect(declineRussianName("Иванова Анна", "dative", "female")).toBe("Ивановой Анне");
  });

  it("declines a man's full name, -ий and -й endings", () => {
    expect(declineRussianName("Смирнов Дмитрий Сергеевич", "genitive", "male")).toBe(
      "Смирнова Дмитрия Сергеевича",
    );
    expect(declineRussianName("Кенжебай Асқар Нұрланұлы", "accusative", "male")).toBe(
      "Кенжебая Асқара Нұрланұлы",
    );
    expect(declineRussianName("Никита Волков", "dative", "male")).toBe("Никите Волкову");
    expect(declineRussianName("Илья Жуковский", "genitive", "male")).toBe("Ильи Жуковского");
  });

  it("leaves indeclinable names alone", () => {
    expect(declineRussianName("Шевченко Али", "genitive", "male")).toBe("Шевченко Али");
    expect(declineRussianName("Кенжебай Айгуль", "genitive", "female")).toBe("Кенжебай Айгуль");
    expect(declineRussianName("Ахметова Гүлнар Серікқызы", "dative", "female")).toBe(
      "Ахметовой Гүлнар Серікқызы",
    );
  });

  it("declines each part of a double-barrelled surname", () => {
    expect(declineRussianName("Петрова-Водкина Анна", "genitive", "female")).toBe(
      "Петровой-Водкиной Анны",
    );
  });

  it("reads the gender from the patronymic or the surname", () => {
    expect(genderOfName("Сейітова Айгүл Нұрланқызы")).toBe("female");
    expect(genderOfName("Ерлан Серікұлы")).toBe("male");
    expect(genderOfName("Иванов Пётр")).toBe("male");
    expect(genderOfName("Айгүл Ерлан")).toBeUndefined();
  });

  it("writes ordinals the Russian way", () => {
    expect(`в ${russianOrdinal(3, "prepositional")} классе`).toBe("в 3-м классе");
    expect(`ученика ${russianOrdinal(11, "genitive")} класса`).toBe("ученика 11-го класса");
  });
});
