/**
 * Local time, in one place. Every date and time a parent or an operator sees is in Asia/Almaty
 * (all of Kazakhstan has been on UTC+5 since 1 March 2024); every "today" that decides a
 * deadline or an admission year is Almaty's today. Nothing else in `src/` adds offsets by hand.
 */

/** The zone of every date and time Qoldau shows or computes. */
export const TIME_ZONE = "Asia/Almaty";

/** The zone's fixed offset, for the working-time arithmetic that counts in offset minutes. */
export const UTC_OFFSET = "+05:00";

export type DateLanguage = "kk" | "ru";

/** Intl formatters are costly to build (about 0.1 ms each): one per language and style. */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(key: string, locale: string, options: Intl.DateTimeFormatOptions) {
  let found = formatters.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(locale, options);
    formatters.set(key, found);
  }
  return found;
}

const partsFormatter = () =>
  formatter("parts", "en-GB", {
    timeZone: TIME_ZONE,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
  });

type LocalParts = Readonly<Record<"year" | "month" | "day" | "hour" | "minute" | "second", string>>;

/**
 * The last second asked about and its parts: `formatToParts` costs tens of microseconds, and a
 * busy worker asks "today" for every status lookup, many times in the same second. A whole
 * second has one reading on any clock (zone offsets are whole seconds), so this is exact.
 */
let lastSecond = Number.NaN;
let lastParts: LocalParts | undefined;

/** Year, month, day, hour, minute, second of a moment on Almaty's clock. */
function localParts(at: Date): LocalParts {
  const second = Math.floor(at.getTime() / 1000);
  if (second === lastSecond && lastParts) return lastParts;
  const parts: Record<string, string> = {};
  for (const p of partsFormatter().formatToParts(at)) parts[p.type] = p.value;
  lastSecond = second;
  lastParts = parts as LocalParts;
  return lastParts;
}

/** Almaty's date of a moment, `YYYY-MM-DD`. */
export function localDate(at: Date): string {
  const p = localParts(at);
  return `${p.year}-${p.month}-${p.day}`;
}

/** Today in Almaty, `YYYY-MM-DD`. */
export function today(now: Date = new Date()): string {
  return localDate(now);
}

/** Almaty's `HH:MM` of a moment. */
export function localTime(at: Date): string {
  const p = localParts(at);
  return `${p.hour}:${p.minute}`;
}

/** `dd.mm.yyyy` of a local date `YYYY-MM-DD` (or of a moment, on Almaty's clock). */
export function formatDotted(date: string | Date): string {
  const iso = typeof date === "string" ? date.slice(0, 10) : localDate(date);
  const [year, month, day] = iso.split("-");
  return `${day}.${month}.${year}`;
}

/** `dd.mm.yyyy HH:MM` of a moment on Almaty's clock (consent times, audit, campaigns). */
export function formatDateTime(at: Date): string {
  return `${formatDotted(at)} ${localTime(at)}`;
}

/**
 * `dd.mm.yyyy HH:MM` on Almaty's clock of a stored ISO moment (`2026-11-25T18:19:00.000Z` →
 * `25.11.2026 23:19`): what the database keeps in UTC, a person reads in local time.
 */
export function formatStoredDateTime(iso: string): string {
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? iso : formatDateTime(at);
}

/**
 * `dd.mm.yyyy` of a stored value: a local date `YYYY-MM-DD` as it is, an ISO moment on Almaty's
 * clock (a stage recorded at 20:00 UTC on the 25th happened on the 26th in Kazakhstan).
 */
export function formatStoredDate(value: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return formatDotted(value);
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? value : formatDotted(at);
}

/** "ср, 26 нояб." of a local date `YYYY-MM-DD`, in the language. */
export function formatShortDate(date: string, lang: DateLanguage): string {
  return formatter(`short:${lang}`, lang, {
    weekday: "short",
    day: "numeric",
    month: "short",
    timeZone: "UTC",
  }).format(new Date(`${date}T00:00:00Z`));
}

/** Short weekday name of an ISO weekday (1 = Monday) in the language. */
export function weekdayName(isoWeekday: number, lang: DateLanguage): string {
  // 2025-01-06 is a Monday.
  return formatter(`weekday:${lang}`, lang, { weekday: "short", timeZone: "UTC" }).format(
    new Date(Date.UTC(2025, 0, 5 + isoWeekday)),
  );
}

/** "пн–пт" from the working weekdays (consecutive in every known schedule). */
export function weekdayRange(weekdays: readonly number[], lang: DateLanguage): string {
  const sorted = [...weekdays].sort((a, b) => a - b);
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  if (first === undefined || last === undefined) return "";
  return first === last
    ? weekdayName(first, lang)
    : `${weekdayName(first, lang)}–${weekdayName(last, lang)}`;
}

/** Almaty's offset from UTC at a moment, in minutes (300 today). */
export function offsetMinutes(at: Date): number {
  const p = localParts(at);
  const asUtc = Date.UTC(
    Number(p.year),
    Number(p.month) - 1,
    Number(p.day),
    Number(p.hour),
    Number(p.minute),
    Number(p.second),
  );
  return Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
}

/** The moment a wall-clock time in Almaty stands for: `2026-04-01` + `09:00` → a Date. */
export function fromLocal(date: string, time = "00:00"): Date {
  const guess = new Date(`${date}T${time}:00Z`);
  return new Date(guess.getTime() - offsetMinutes(guess) * 60_000);
}

/**
 * A date a person typed (`dd.mm.yyyy`, `d.m.yyyy`, `dd/mm/yyyy` or `YYYY-MM-DD`) as a local date
 * `YYYY-MM-DD`, or null when it is no real date.
 */
export function parseLocalDate(text: string): string | null {
  const trimmed = text.trim();
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(trimmed);
  const dotted = /^(\d{1,2})[./](\d{1,2})[./](\d{4})$/.exec(trimmed);
  const [year, month, day] = iso
    ? [Number(iso[1]), Number(iso[2]), Number(iso[3])]
    : dotted
      ? [Number(dotted[3]), Number(dotted[2]), Number(dotted[1])]
      : [0, 0, 0];
  if (year === 0) return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date.toISOString().slice(0, 10);
}

/** A local date and time a person typed (`2026-04-01T09:00` from a form) as a moment. */
export function parseLocalDateTime(text: string): Date | null {
  const m = /^(\S+)[T ](\d{1,2}):(\d{2})$/.exec(text.trim());
  const date = parseLocalDate(m?.[1] ?? text);
  if (!date) return null;
  if (!m) return fromLocal(date);
  const hour = Number(m[2]);
  const minute = Number(m[3]);
  if (hour > 23 || minute > 59) return null;
  return fromLocal(date, `${String(hour).padStart(2, "0")}:${m[3]}`);
}

/** Days between two local dates (`to` − `from`). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The local date `days` after (or before, when negative) a local date. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
