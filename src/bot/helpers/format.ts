import type { Language } from "../../i18n.ts";
import type { WorkingHours } from "../../knowledge/schemas.ts";
import { localDate, localTime } from "../../time/local-time.ts";

/** Intl formatters are costly to build (about 0.1 ms each): one per language and style. */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(lang: Language, style: "weekday" | "date"): Intl.DateTimeFormat {
  const key = `${lang}:${style}`;
  let found = formatters.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(
      lang,
      style === "weekday"
        ? { weekday: "short", timeZone: "UTC" }
        : { weekday: "short", day: "numeric", month: "short", timeZone: "UTC" },
    );
    formatters.set(key, found);
  }
  return found;
}

/** Short weekday name of an ISO weekday (1 = Monday) in the language. */
export function weekdayName(isoWeekday: number, lang: Language): string {
  // 2025-01-06 is a Monday.
  return formatter(lang, "weekday").format(new Date(Date.UTC(2025, 0, 5 + isoWeekday)));
}

/** "пн–пт" from the working weekdays (consecutive in every known schedule). */
export function weekdayRange(weekdays: number[], lang: Language): string {
  const sorted = [...weekdays].sort((a, b) => a - b);
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  if (first === undefined || last === undefined) return "";
  return first === last
    ? weekdayName(first, lang)
    : `${weekdayName(first, lang)}–${weekdayName(last, lang)}`;
}

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
export function formatDate(localDate: string, lang: Language): string {
  return formatter(lang, "date").format(new Date(`${localDate}T00:00:00Z`));
}

/** Almaty's `HH:MM` of a moment (the offset argument is kept for callers; the zone is fixed). */
export function formatTime(at: Date, _utcOffset?: string): string {
  return localTime(at);
}

/** Almaty's `YYYY-MM-DD` of a moment. */
export function localDateAt(at: Date, _utcOffset?: string): string {
  return localDate(at);
}
