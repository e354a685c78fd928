import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { createWorkingTime, type WorkingTime } from "../../src/calendar/working-time.ts";
import { type Catalogue, loadCatalogue } from "../../src/knowledge/catalogue.ts";

const at = (local: string) => new Date(`${local}+05:00`);
const TWO_WORKING_DAYS = { amount: 2, unit: "working_days" } as const;

let catalogue: Catalogue;
let wt: WorkingTime;

beforeAll(async () => {
  catalogue = await loadCatalogue(path.resolve("knowledge"));
  wt = createWorkingTime(catalogue.calendar, catalogue.workingHours);
});

describe("working days (real calendar)", () => {
  it("treats Nauryz 2026 (Sat 21 – Mon 23 March) and the two moved days off as days off", () => {
    expect(wt.isWorkingDay("2026-03-20")).toBe(true);
    for (const day of ["2026-03-21", "2026-03-22", "2026-03-23", "2026-03-24", "2026-03-25"]) {
      expect(wt.isWorkingDay(day), day).toBe(false);
    }
    expect(wt.isWorkingDay("2026-03-26")).toBe(true);
  });

  it("moves a state holiday on a weekend to Monday but not a religious one", () => {
    expect(wt.isWorkingDay("2025-09-01")).toBe(false); // 30 Aug 2025 was a Saturday
    expect(wt.isWorkingDay("2027-05-17")).toBe(true); // Kurban ait 16 May 2027 is a Sunday
  });

  it("honours the 2025 transfer: Friday 3 January off, Sunday 5 January a working day", () => {
    expect(wt.isWorkingDay("2025-01-03")).toBe(false);
    expect(wt.isWorkingDay("2025-01-04")).toBe(false);
    expect(wt.isWorkingDay("2025-01-05")).toBe(true);
    // Submitted on the transferred day off: counts from the working Sunday; Mon 6 is day 1,
    // Tue 7 is Orthodox Christmas, Wed 8 is day 2.
    const d = wt.computeDeadline(at("2025-01-03T10:00:00"), TWO_WORKING_DAYS);
    expect(d.acceptedDate).toBe("2025-01-05");
    expect(d.dueAt).toEqual(at("2025-01-08T18:30:00"));
  });

  it("ignores a transfer that is not verified", () => {
    const unverified = createWorkingTime(
      {
        ...catalogue.calendar,
        transfers: catalogue.calendar.transfers.map((t) => ({ ...t, verified: false })),
      },
      catalogue.workingHours,
    );
    expect(unverified.isWorkingDay("2025-01-03")).toBe(true);
    expect(unverified.isWorkingDay("2025-01-05")).toBe(false);
  });

  it("uses the local (UTC+5) date, not the UTC one", () => {
    // 23:30 UTC on Friday 20 March is already Saturday 21 March in Kazakhstan
    expect(wt.isWorkingDay(new Date("2026-03-20T23:30:00Z"))).toBe(false);
  });
});

describe("office hours", () => {
  it("is closed for lunch and reopens at 14:30", () => {
    const lunch = at("2026-11-24T13:30:00");
    expect(wt.isOfficeOpen(lunch)).toMatchObject({
      open: false,
      acceptingDocuments: false,
      reason: "lunch",
    });
    expect(wt.nextWorkingStart(lunch)).toEqual(at("2026-11-24T14:30:00"));
  });

  it("stays open after 17:30 but no longer takes documents", () => {
    const late = at("2026-11-24T17:45:00");
    expect(wt.isOfficeOpen(late)).toMatchObject({
      open: true,
      acceptingDocuments: false,
      reason: "after_reception",
    });
    expect(wt.nextWorkingStart(late)).toEqual(at("2026-11-25T09:00:00"));
  });

  it("takes documents at 09:00 sharp and not on Saturday", () => {
    expect(wt.isOfficeOpen(at("2026-11-24T09:00:00")).acceptingDocuments).toBe(true);
    expect(wt.isOfficeOpen(at("2026-11-21T11:00:00")).reason).toBe("day_off");
  });
});

describe("computeDeadline", () => {
  it("counts a Friday-evening portal application from Monday: due Wednesday 18:30", () => {
    const d = wt.computeDeadline(at("2026-11-20T19:00:00"), TWO_WORKING_DAYS);
    expect(d.deferred).toBe(true);
    expect(d.acceptedAt).toEqual(at("2026-11-23T09:00:00"));
    expect(d.dueAt).toEqual(at("2026-11-25T18:30:00"));
    expect(d.dueDate).toBe("2026-11-25");
  });

  it("gives 2 working days from a Tuesday morning: due Thursday 18:30", () => {
    const d = wt.computeDeadline(at("2026-11-24T10:00:00"), TWO_WORKING_DAYS);
    expect(d.deferred).toBe(false);
    expect(d.dueAt).toEqual(at("2026-11-26T18:30:00"));
  });

  it("skips Nauryz when applied on its eve (Friday 20 March 2026)", () => {
    expect(wt.computeDeadline(at("2026-03-20T16:00:00"), TWO_WORKING_DAYS).dueDate).toBe(
      "2026-03-27",
    );
    const late = wt.computeDeadline(at("2026-03-20T18:00:00"), TWO_WORKING_DAYS);
    expect(late.acceptedDate).toBe("2026-03-26");
    expect(late.dueAt).toEqual(at("2026-03-30T18:30:00"));
  });

  it("counts hours in office time, skipping lunch", () => {
    expect(
      wt.computeDeadline(at("2026-11-24T11:00:00"), { amount: 3, unit: "hours" }).dueAt,
    ).toEqual(at("2026-11-24T15:30:00"));
    // 17:00–18:30 is 1.5 h, the other 2.5 h run from 09:00 next day
    expect(
      wt.computeDeadline(at("2026-11-24T17:00:00"), { amount: 4, unit: "hours" }).dueAt,
    ).toEqual(at("2026-11-25T11:30:00"));
  });

  it("ends a calendar-day term on the next working day when it falls on a day off", () => {
    // Tuesday 17 November 2026 + 4 days = Saturday 21 November → Monday 23 November
    expect(
      wt.computeDeadline(at("2026-11-17T10:00:00"), { amount: 4, unit: "calendar_days" }).dueDate,
    ).toBe("2026-11-23");
  });

  it("honours a transferred working Saturday (fixture calendar)", () => {
    const calendar = {
      ...catalogue.calendar,
      transfers: [
        {
          date: "2025-01-03",
          becomes: "day_off",
          verified: true,
          reason: { kk: "k", ru: "r" },
          citations: [{ source: "holidays-law", locator: "weekend-transfer" }],
        },
        {
          date: "2025-01-04",
          becomes: "working_day",
          verified: true,
          reason: { kk: "k", ru: "r" },
          citations: [{ source: "holidays-law", locator: "weekend-transfer" }],
        },
      ],
    } satisfies typeof catalogue.calendar;
    const fixture = createWorkingTime(calendar, catalogue.workingHours);
    expect(fixture.isWorkingDay("2025-01-03")).toBe(false);
    expect(fixture.isWorkingDay("2025-01-04")).toBe(true);
    // Friday 3 Jan (day off) → accepted Saturday 4 Jan; Mon 6 is day 1, Tue 7 is Christmas, Wed 8 is day 2
    const d = fixture.computeDeadline(at("2025-01-03T10:00:00"), TWO_WORKING_DAYS);
    expect(d.acceptedDate).toBe("2025-01-04");
    expect(d.dueAt).toEqual(at("2025-01-08T18:30:00"));
  });
});
