import { describe, expect, it } from "vitest";
import { localDate, localTime, today } from "../../src/time/local-time.ts";

describe("Almaty's date, asked many times in a row", () => {
  it("turns to the next day at local midnight, not at UTC midnight", () => {
    // Kazakhstan is on UTC+5: 18:59:59.999 UTC is still the 25th, 19:00 UTC is the 26th.
    expect(localDate(new Date("2026-11-25T18:59:59.999Z"))).toBe("2026-11-25");
    expect(localDate(new Date("2026-11-25T19:00:00.000Z"))).toBe("2026-11-26");
    expect(today(new Date("2026-11-25T18:59:59.000Z"))).toBe("2026-11-25");
    expect(localTime(new Date("2026-11-25T19:00:00.500Z"))).toBe("00:00");
  });

  it("answers for the moment asked, also when the same second is asked again after another", () => {
    const evening = new Date("2026-11-25T18:59:30.000Z");
    const night = new Date("2026-11-25T19:00:30.000Z");
    expect([localDate(evening), localDate(night), localDate(evening), localDate(night)]).toEqual([
      "2026-11-25",
      "2026-11-26",
      "2026-11-25",
      "2026-11-26",
    ]);
    expect(localTime(new Date("2026-11-25T18:59:30.999Z"))).toBe("23:59");
  });
});
