import type { Language } from "../../i18n.ts";
import type { WorkingHours } from "../../knowledge/schemas.ts";
import { weekdayRange } from "../../time/local-time.ts";

/** Variables for texts that quote providers' hours. */
export function hoursVariables(hours: WorkingHours, lang: Language) {
  return {
    days: weekdayRange(hours.weekdays, lang),
    office: `${hours.office.start}–${hours.office.end}`,
    lunch: `${hours.lunch.start}–${hours.lunch.end}`,
    reception: `${hours.reception.start}–${hours.reception.end}`,
  };
}
