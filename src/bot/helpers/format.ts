import type { Language } from "../../i18n.ts";
import type { WorkingHours } from "../../knowledge/schemas.ts";
import { formatShortDate, localDate, localTime, weekdayRange } from "../../time/local-time.ts";

/** Variables for texts that quote providers' hours. */
export function hoursVariables(hours: WorkingHours, lang: Language) {
  return {
    days: weekdayRange(hours.weekdays, lang),
    office: `${hours.office.start}–${hours.office.end}`,
    lunch: `${hours.lunch.start}–${hours.lunch.end}`,
    reception: `${hours.reception.start}–${hours.reception.end}`,
  };
}

/** "ср, 26 нояб." from a local date `YYYY-MM-DD`. */
export function formatDate(date: string, lang: Language): string {
  return formatShortDate(date, lang);
}

/** Almaty's `HH:MM` of a moment (the offset argument is kept for callers; the zone is fixed). */
export function formatTime(at: Date, _utcOffset?: string): string {
  return localTime(at);
}

/** Almaty's `YYYY-MM-DD` of a moment. */
export function localDateAt(at: Date, _utcOffset?: string): string {
  return localDate(at);
}
