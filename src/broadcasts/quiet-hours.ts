/** A nightly span in a time zone when no broadcast is delivered, e.g. 21:00–09:00 Asia/Almaty. */
export interface QuietHours {
  /** Minutes after local midnight. */
  start: number;
  end: number;
  timeZone: string;
}

/** `"21:00-09:00"` → minutes; `""` → undefined (quiet hours off). */
export function parseQuietHours(spec: string, timeZone: string): QuietHours | undefined {
  const match = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/.exec(spec);
  if (!match) return undefined;
  const [, h1, m1, h2, m2] = match.map(Number) as [number, number, number, number, number];
  if (h1 * 60 + m1 === h2 * 60 + m2) return undefined;
  return { start: h1 * 60 + m1, end: h2 * 60 + m2, timeZone };
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Local minutes after midnight, with seconds as a fraction. */
function localMinutes(now: Date, timeZone: string): number {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-GB", {
      timeZone,
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
    });
    formatters.set(timeZone, formatter);
  }
  const parts = formatter.formatToParts(now);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return get("hour") * 60 + get("minute") + (get("second") + now.getUTCMilliseconds() / 1000) / 60;
}

export function isQuiet(quiet: QuietHours | undefined, now: Date): boolean {
  if (!quiet) return false;
  const m = localMinutes(now, quiet.timeZone);
  return quiet.start < quiet.end
    ? m >= quiet.start && m < quiet.end
    : m >= quiet.start || m < quiet.end;
}

/** Milliseconds until quiet hours end (0 when it is not quiet now). */
export function msUntilQuietEnds(quiet: QuietHours | undefined, now: Date): number {
  if (!quiet || !isQuiet(quiet, now)) return 0;
  const m = localMinutes(now, quiet.timeZone);
  const minutes = (quiet.end - m + 24 * 60) % (24 * 60);
  return Math.max(1, Math.ceil(minutes * 60_000));
}
