import type { CentreSchedule } from "../knowledge/centre-schedule.ts";
import type { Calendar } from "../knowledge/schemas.ts";
import { UTC_OFFSET } from "../time/local-time.ts";
import { createWorkingTime } from "./working-time.ts";

/** Whether 1414 operators work at a moment, and when they next start. */
export interface CentreHours {
  /** A working day by the calendar (holidays, the weekend rule, transfers) and within hours. */
  isOpen(at: Date): boolean;
  /** `at` itself when open, else the start of the next working period: a real moment. */
  nextOpening(at: Date): Date;
  readonly schedule: CentreSchedule;
}

/**
 * The centre's hours over the same calendar as the providers' deadlines: the calendar's
 * working-day rules are reused as they are, with the centre's own days and hours and no lunch.
 */
export function createCentreHours(calendar: Calendar, schedule: CentreSchedule): CentreHours {
  const span = { start: schedule.hours.start, end: schedule.hours.end };
  const time = createWorkingTime(calendar, {
    timezone: schedule.timezone,
    utcOffset: UTC_OFFSET,
    weekdays: schedule.weekdays,
    office: span,
    // No break: an empty span never contains a moment.
    lunch: { start: span.end, end: span.end },
    reception: span,
    portal: { text: { kk: "", ru: "" }, citations: [], status: "current" },
    citations: [],
  });
  return {
    schedule,
    isOpen: (at) => time.isOfficeOpen(at).acceptingDocuments,
    nextOpening: (at) => time.nextWorkingStart(at),
  };
}
