import type { AnalyticsFigures } from "./figures.ts";

/**
 * Every figure of the analytics page as one flat row: the CSV export is these rows, and the
 * page's tables carry the same rows, so the two never disagree.
 */
export interface FigureRow {
  section:
    | "questions_per_day"
    | "outcome"
    | "top_service"
    | "unanswered"
    | "not_helpful"
    | "handoff"
    | "handoff_outcome"
    | "rating";
  key: string;
  language: string;
  channel: string;
  value: number;
  /** What `value` is out of (all questions, all verdicts on a service), when it is a share. */
  total: number | null;
}

export const figureColumns = ["section", "key", "language", "channel", "value", "total"] as const;

export function figureRows(figures: AnalyticsFigures): FigureRow[] {
  const lang = figures.filter.language ?? "";
  const rows: FigureRow[] = [];
  const add = (row: Omit<FigureRow, "language" | "channel" | "total"> & Partial<FigureRow>) =>
    rows.push({ language: lang, channel: "", total: null, ...row });
  for (const d of figures.perDay)
    add({
      section: "questions_per_day",
      key: d.day,
      language: d.language,
      channel: d.channel,
      value: d.count,
    });
  for (const [outcome, n] of Object.entries(figures.outcomes))
    add({ section: "outcome", key: outcome, value: n, total: figures.total });
  for (const s of figures.topServices)
    add({ section: "top_service", key: s.service, value: s.count });
  for (const u of figures.unanswered)
    add({ section: "unanswered", key: u.sample, language: u.language, value: u.count });
  for (const n of figures.notHelpful)
    add({ section: "not_helpful", key: n.service, value: n.unhelpful, total: n.total });
  const { handoff, ratings } = figures;
  add({ section: "handoff", key: "volume", value: handoff.volume });
  add({ section: "handoff", key: "taken", value: handoff.taken });
  if (handoff.waitP50Seconds !== null)
    add({ section: "handoff", key: "wait_p50_seconds", value: handoff.waitP50Seconds });
  if (handoff.waitP90Seconds !== null)
    add({ section: "handoff", key: "wait_p90_seconds", value: handoff.waitP90Seconds });
  for (const [outcome, n] of Object.entries(handoff.outcomes))
    add({ section: "handoff_outcome", key: outcome, value: n, total: handoff.volume });
  ratings.counts.forEach((n, i) => {
    add({ section: "rating", key: String(i + 1), value: n, total: ratings.total });
  });
  if (ratings.average !== null) add({ section: "rating", key: "average", value: ratings.average });
  return rows;
}
