import type { Calendar, WorkingHours } from "../knowledge/schemas.ts";

/**
 * Working time of service providers: pure functions over the calendar and working-hours data
 * (`knowledge/calendar/`). All local times use the fixed offset of `workingHours.utcOffset`
 * (+05:00: Kazakhstan is a single UTC+5 zone since 2024), never the machine's zone.
 *
 * Rules (see docs in knowledge/README.md):
 * - a day is a working day if it is a verified transferred working day, or it is one of
 *   `weekdays`, not a public holiday, not moved off by the weekend rule and not a verified
 *   transferred day off;
 * - an application is accepted on the day it is made if that is a working day and it is made
 *   before the end of reception (17:30); otherwise it counts from the next working day;
 * - "N working days": the acceptance day is day 0; the result is due by the end of office hours
 *   (18:30 local) of the Nth working day after it;
 * - "N calendar days": due at 18:30 on acceptance day + N; if that day is not a working day,
 *   the term ends at 18:30 of the next working day;
 * - "N hours" / "N minutes": counted in office time (09:00–18:30 minus lunch 13:00–14:30) from
 *   the moment of acceptance.
 */

/** A term as sources state it. */
export interface WorkingTimeTerm {
  amount: number;
  unit: "working_days" | "calendar_days" | "hours" | "minutes";
}

/** Whether the office is open, and whether it takes documents, at a moment. */
export interface OfficeState {
  /** Working day and within office hours, not at lunch. */
  open: boolean;
  /** Working day and within reception hours (documents accepted, results issued), not at lunch. */
  acceptingDocuments: boolean;
  reason: "day_off" | "before_hours" | "lunch" | "after_reception" | "after_hours" | "open";
  /** Local date `YYYY-MM-DD`. */
  localDate: string;
}

export interface Deadline {
  term: WorkingTimeTerm;
  /** Moment counting starts (the submission time, or the next reception start). */
  acceptedAt: Date;
  /** Local date the application counts as accepted. */
  acceptedDate: string;
  /** When the result is due at the latest. */
  dueAt: Date;
  /** Local date of `dueAt`. */
  dueDate: string;
  /** True when the submission fell outside reception hours and counts from a later day. */
  deferred: boolean;
}

export interface WorkingTime {
  isWorkingDay(date: string | Date): boolean;
  isOfficeOpen(at: Date): OfficeState;
  /** The next moment at or after `at` when documents are accepted (reception open). */
  nextWorkingStart(at: Date): Date;
  computeDeadline(submittedAt: Date, term: WorkingTimeTerm): Deadline;
  /** Weekdays that are days off in `year` (holidays, weekend-rule days, verified transfers). */
  daysOff(year: number): string[];
  /** Local date `YYYY-MM-DD` of a moment. */
  localDate(at: Date): string;
}

const DAY_MS = 86_400_000;

function toMinutes(hhmm: string): number {
  const [h, m] = hhmm.split(":").map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

function offsetMinutes(offset: string): number {
  const sign = offset.startsWith("-") ? -1 : 1;
  return sign * toMinutes(offset.slice(1));
}

/** Days since epoch of a `YYYY-MM-DD` date. */
function dayNumber(date: string): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
}

function dateOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** ISO weekday 1 (Mon) … 7 (Sun). */
function isoWeekday(day: number): number {
  const js = new Date(day * DAY_MS).getUTCDay();
  return js === 0 ? 7 : js;
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

/** Builds the working-time functions for a calendar and working hours. */
export function createWorkingTime(calendar: Calendar, hours: WorkingHours): WorkingTime {
  const offsetMs = offsetMinutes(hours.utcOffset) * 60_000;
  const office = { start: toMinutes(hours.office.start), end: toMinutes(hours.office.end) };
  const lunch = { start: toMinutes(hours.lunch.start), end: toMinutes(hours.lunch.end) };
  const reception = {
    start: toMinutes(hours.reception.start),
    end: toMinutes(hours.reception.end),
  };
  const transfers = new Map(
    calendar.transfers.filter((t) => t.verified).map((t) => [t.date, t.becomes]),
  );
  const isWeekday = (day: number) => hours.weekdays.includes(isoWeekday(day));

  const holidayCache = new Map<number, { holidays: Set<string>; shifted: Set<string> }>();
  const yearDays = (year: number) => {
    const cached = holidayCache.get(year);
    if (cached) return cached;
    const holidays = new Set<string>();
    const movable: { date: string; kind: string }[] = [];
    for (const h of calendar.holidays) {
      const dates =
        h.month !== undefined && h.day !== undefined
          ? [`${year}-${pad(h.month)}-${pad(h.day)}`]
          : (h.dates ?? []).filter((d) => d.startsWith(`${year}-`));
      for (const date of dates) {
        holidays.add(date);
        movable.push({ date, kind: h.kind });
      }
    }
    const shifted = new Set<string>();
    if (calendar.weekendRule.enabled) {
      const excluded: string[] = calendar.weekendRule.excludeKinds;
      for (const h of movable.sort((a, b) => a.date.localeCompare(b.date))) {
        const day = dayNumber(h.date);
        if (excluded.includes(h.kind) || isWeekday(day) || transfers.get(h.date) === "working_day")
          continue;
        let next = day + 1;
        while (
          !isWeekday(next) ||
          holidays.has(dateOf(next)) ||
          shifted.has(dateOf(next)) ||
          transfers.has(dateOf(next))
        )
          next++;
        shifted.add(dateOf(next));
      }
    }
    const value = { holidays, shifted };
    holidayCache.set(year, value);
    return value;
  };

  const localDate = (at: Date) => new Date(at.getTime() + offsetMs).toISOString().slice(0, 10);
  const localMinutes = (at: Date) => {
    const local = new Date(at.getTime() + offsetMs);
    return local.getUTCHours() * 60 + local.getUTCMinutes() + local.getUTCSeconds() / 60;
  };
  const momentOf = (day: number, minutes: number) =>
    new Date(day * DAY_MS + minutes * 60_000 - offsetMs);

  const isWorkingDayNumber = (day: number) => {
    const date = dateOf(day);
    const transfer = transfers.get(date);
    if (transfer) return transfer === "working_day";
    const { holidays, shifted } = yearDays(Number(date.slice(0, 4)));
    return isWeekday(day) && !holidays.has(date) && !shifted.has(date);
  };
  const nextWorkingDay = (day: number) => {
    let next = day + 1;
    for (let guard = 0; !isWorkingDayNumber(next); guard++, next++) {
      if (guard > 400) throw new Error("no working day within 400 days: check the calendar data");
    }
    return next;
  };

  const isWorkingDay = (date: string | Date) =>
    isWorkingDayNumber(dayNumber(typeof date === "string" ? date : localDate(date)));

  const isOfficeOpen = (at: Date): OfficeState => {
    const date = localDate(at);
    const t = localMinutes(at);
    const atLunch = t >= lunch.start && t < lunch.end;
    const base = { localDate: date };
    if (!isWorkingDayNumber(dayNumber(date)))
      return { ...base, open: false, acceptingDocuments: false, reason: "day_off" };
    if (t < office.start && t < reception.start)
      return { ...base, open: false, acceptingDocuments: false, reason: "before_hours" };
    if (atLunch) return { ...base, open: false, acceptingDocuments: false, reason: "lunch" };
    const open = t >= office.start && t < office.end;
    const acceptingDocuments = t >= reception.start && t < reception.end;
    if (acceptingDocuments) return { ...base, open, acceptingDocuments, reason: "open" };
    return {
      ...base,
      open,
      acceptingDocuments: false,
      reason: t < office.end ? "after_reception" : "after_hours",
    };
  };

  const nextWorkingStart = (at: Date): Date => {
    const state = isOfficeOpen(at);
    const day = dayNumber(state.localDate);
    if (state.acceptingDocuments) return at;
    if (state.reason === "before_hours") return momentOf(day, reception.start);
    if (state.reason === "lunch") return momentOf(day, lunch.end);
    return momentOf(nextWorkingDay(day), reception.start);
  };

  /** Adds office minutes (lunch excluded) from a moment inside or before office time. */
  const addOfficeMinutes = (from: Date, minutes: number): Date => {
    let day = dayNumber(localDate(from));
    let t = localMinutes(from);
    let left = minutes;
    if (!isWorkingDayNumber(day) || t >= office.end) {
      day = isWorkingDayNumber(day) && t < office.end ? day : nextWorkingDay(day);
      t = office.start;
    }
    for (;;) {
      const spans = [
        [office.start, lunch.start],
        [lunch.end, office.end],
      ] as const;
      for (const [start, end] of spans) {
        const s = Math.max(t, start);
        if (s >= end) continue;
        if (s + left <= end) return momentOf(day, s + left);
        left -= end - s;
        t = end;
      }
      day = nextWorkingDay(day);
      t = office.start;
    }
  };

  const computeDeadline = (submittedAt: Date, term: WorkingTimeTerm): Deadline => {
    const acceptedAt = nextWorkingStart(submittedAt);
    const acceptedDate = localDate(acceptedAt);
    const acceptedDay = dayNumber(acceptedDate);
    let dueAt: Date;
    switch (term.unit) {
      case "working_days": {
        let day = acceptedDay;
        for (let i = 0; i < term.amount; i++) day = nextWorkingDay(day);
        dueAt = momentOf(day, office.end);
        break;
      }
      case "calendar_days": {
        let day = acceptedDay + term.amount;
        if (!isWorkingDayNumber(day)) day = nextWorkingDay(day);
        dueAt = momentOf(day, office.end);
        break;
      }
      case "hours":
        dueAt = addOfficeMinutes(acceptedAt, term.amount * 60);
        break;
      case "minutes":
        dueAt = addOfficeMinutes(acceptedAt, term.amount);
        break;
    }
    return {
      term,
      acceptedAt,
      acceptedDate,
      dueAt,
      dueDate: localDate(dueAt),
      deferred: acceptedAt.getTime() !== submittedAt.getTime(),
    };
  };

  const daysOff = (year: number) => {
    const out: string[] = [];
    for (let day = dayNumber(`${year}-01-01`); dateOf(day) < `${year + 1}-01-01`; day++) {
      if (isWeekday(day) && !isWorkingDayNumber(day)) out.push(dateOf(day));
    }
    return out;
  };

  return { isWorkingDay, isOfficeOpen, nextWorkingStart, computeDeadline, daysOff, localDate };
}

/** Weekdays that are days off in `year` (for reports such as knowledge:check). */
export function daysOffInYear(calendar: Calendar, hours: WorkingHours, year: number): string[] {
  return createWorkingTime(calendar, hours).daysOff(year);
}
