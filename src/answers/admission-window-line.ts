import type { Language } from "../i18n.ts";
import {
  type AdmissionWindowOverride,
  resolveAdmissionWindow,
} from "../knowledge/admission-windows.ts";
import type { Catalogue } from "../knowledge/catalogue.ts";
import type { Service } from "../knowledge/schemas.ts";
import { localDate } from "../time/local-time.ts";
import type { CitationSink } from "./citations.ts";
import type { Translate } from "./messages.ts";

function dayMonth(t: Translate, lang: Language, iso: string): string {
  const [, month, day] = iso.split("-");
  return `${Number(day)} ${t(lang, `answers-month-${Number(month)}`)}`;
}

function fullDate(t: Translate, lang: Language, iso: string): string {
  return t(lang, "answers-date", { date: dayMonth(t, lang, iso), year: iso.slice(0, 4) });
}

export type WindowLineInput = {
  catalogue: Catalogue;
  service: Service;
  lang: Language;
  t: Translate;
  sink: CitationSink;
  /** Today decides the admission year (Almaty's date). */
  now: Date;
  /** Windows an administrator set (database); they win over the catalogue's configured values. */
  overrides: readonly AdmissionWindowOverride[];
  /** A parent is not shown the sources' remarks about how a date was inferred. */
  parent: boolean;
};

/**
 * The admission-window line of first grade and special admission: the window of this year
 * (an administrator's value, else the configured one, else last year's moved forward and said
 * to be unconfirmed), with what the sources published when an administrator changed it.
 */
export function admissionWindowLines(input: WindowLineInput): string[] {
  const { catalogue, service, lang, t, sink } = input;
  const kind = service.admissionWindow;
  if (!kind) return [];
  const year = Number(localDate(input.now).slice(0, 4));
  const window = resolveAdmissionWindow(catalogue, kind, year, input.overrides);
  if (!window) return [];
  const range = (start: string | undefined, endDate: string) => {
    const end = dayMonth(t, lang, endDate);
    return start
      ? t(lang, "answers-window-range", { start: dayMonth(t, lang, start), end })
      : t(lang, "answers-window-until", { end });
  };
  const note = input.parent
    ? ""
    : typeof window.note === "string"
      ? ` (${window.note})`
      : window.note
        ? ` (${window.note[lang]})`
        : "";
  const head = t(lang, "answers-window", {
    year: String(window.year),
    range: range(window.start, window.end),
  });
  if (window.origin === "override") {
    // The administrator's value is what applies; the sources' dates stay visible as what was published.
    const setOn = window.updatedAt
      ? t(lang, "answers-window-override-on", {
          date: fullDate(t, lang, localDate(new Date(window.updatedAt))),
        })
      : t(lang, "answers-window-override");
    const configured = catalogue.admissionWindows.configured.find(
      (w) => w.kind === kind && w.year === year,
    );
    const lines = [`${head} — ${setOn}${note}`];
    if (configured)
      lines.push(
        `${t(lang, "answers-window-published", { range: range(configured.start, configured.end) })}${sink.cite(configured.citations)}`,
      );
    return lines;
  }
  const assumed = window.origin === "assumed" ? ` — ${t(lang, "answers-window-assumed")}` : "";
  return [`${head}${assumed}${note}${sink.cite(window.citations)}`];
}
