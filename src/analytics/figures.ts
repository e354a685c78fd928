import type { Db } from "../db/database.ts";
import type { QuestionChannel, QuestionOutcome } from "../db/tables/analytics.ts";
import { outcomes } from "../handoff/queue.ts";
import type { Language } from "../i18n.ts";
import { stems } from "../search/analyse.ts";
import { addDays, fromLocal } from "../time/local-time.ts";

/** An answer below this confidence counts as "without a good answer", like out of scope. */
export const WEAK_ANSWER_CONFIDENCE = 0.5;

export const questionOutcomes = [
  "answered",
  "clarified",
  "out_of_scope",
  "refused",
  "person",
] as const satisfies readonly QuestionOutcome[];
export const questionChannels = [
  "telegram",
  "webchat",
  "console",
] as const satisfies readonly QuestionChannel[];
/** The outcome tags an operator closes a conversation with (one list, the handoff's). */
export const handoffOutcomes = outcomes;

/** A period of Almaty dates, both ends included, and optionally one language. */
export interface AnalyticsFilter {
  from: string;
  to: string;
  language?: Language;
}

export interface UnansweredGroup {
  /** The question's stems, sorted: questions worded alike share it. */
  key: string;
  /** The most frequent wording in the group. */
  sample: string;
  language: string;
  count: number;
}

export interface AnalyticsFigures {
  filter: AnalyticsFilter;
  /** Every day of the period, even those without questions. */
  days: string[];
  total: number;
  perDay: { day: string; language: string; channel: QuestionChannel; count: number }[];
  outcomes: Record<QuestionOutcome, number>;
  topServices: { service: string; count: number }[];
  unanswered: UnansweredGroup[];
  notHelpful: { service: string; total: number; unhelpful: number }[];
  handoff: {
    volume: number;
    /** Conversations an operator took (they have a wait). */
    taken: number;
    /** Wait from the request to an operator taking it, seconds, by nearest rank. */
    waitP50Seconds: number | null;
    waitP90Seconds: number | null;
    outcomes: Record<(typeof handoffOutcomes)[number], number>;
  };
  /** Parents' ratings of the help: count per rating 1..5. */
  ratings: {
    counts: [number, number, number, number, number];
    total: number;
    average: number | null;
  };
}

/** The moments a period covers: from its first local midnight to the one after its last day. */
export function periodBounds(filter: AnalyticsFilter): { start: string; end: string } {
  return {
    start: fromLocal(filter.from).toISOString(),
    end: fromLocal(addDays(filter.to, 1)).toISOString(),
  };
}

/** The value at rank ⌈p·n⌉ of the sorted values (nearest rank), or null without values. */
export function nearestRank(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil(p * sorted.length));
  return sorted[rank - 1] ?? null;
}

/** Questions worded alike share a key: their stems, without stopwords, sorted and unique. */
export function wordingKey(question: string): string {
  return [...new Set(stems(question))].sort().join(" ");
}

const count = (value: unknown) => Number(value ?? 0);

/**
 * The analytics page's figures for a period, straight from the database: the question log,
 * the parents' verdicts (`answer_feedback`) and the handoff conversations.
 */
export async function analyticsFigures(
  db: Db,
  filter: AnalyticsFilter,
  options: { topServices?: number; unanswered?: number } = {},
): Promise<AnalyticsFigures> {
  const { start, end } = periodBounds(filter);
  const lang = filter.language;
  const questions = () => {
    let query = db
      .selectFrom("question_log")
      .where("created_at", ">=", start)
      .where("created_at", "<", end);
    if (lang) query = query.where("language", "=", lang);
    return query;
  };

  const perDay = (
    await questions()
      .select(["day", "language", "channel", (eb) => eb.fn.countAll().as("n")])
      .groupBy(["day", "language", "channel"])
      .orderBy("day")
      .orderBy("language")
      .orderBy("channel")
      .execute()
  ).map((row) => ({
    day: row.day,
    language: row.language,
    channel: row.channel,
    count: count(row.n),
  }));

  const outcomes = Object.fromEntries(questionOutcomes.map((o) => [o, 0])) as Record<
    QuestionOutcome,
    number
  >;
  for (const row of await questions()
    .select(["outcome", (eb) => eb.fn.countAll().as("n")])
    .groupBy("outcome")
    .execute())
    outcomes[row.outcome] = count(row.n);

  const topServices = (
    await questions()
      .where("service", "is not", null)
      .select(["service", (eb) => eb.fn.countAll().as("n")])
      .groupBy("service")
      .orderBy("n", "desc")
      .orderBy("service")
      .limit(options.topServices ?? 10)
      .execute()
  ).map((row) => ({ service: row.service ?? "", count: count(row.n) }));

  const weak = await questions()
    .select(["question", "language"])
    .where((eb) =>
      eb.or([
        eb("outcome", "in", ["out_of_scope", "clarified"]),
        eb.and([eb("outcome", "=", "answered"), eb("confidence", "<", WEAK_ANSWER_CONFIDENCE)]),
      ]),
    )
    .execute();
  const groups = new Map<
    string,
    { language: string; count: number; wordings: Map<string, number> }
  >();
  // The same wordings come back day after day: each distinct text is analysed once.
  const keys = new Map<string, string>();
  for (const row of weak) {
    let wording = keys.get(row.question);
    if (wording === undefined) {
      wording = wordingKey(row.question) || row.question.toLowerCase();
      keys.set(row.question, wording);
    }
    const key = `${row.language}|${wording}`;
    const group = groups.get(key) ?? { language: row.language, count: 0, wordings: new Map() };
    group.count += 1;
    group.wordings.set(row.question, (group.wordings.get(row.question) ?? 0) + 1);
    groups.set(key, group);
  }
  const unanswered = [...groups]
    .map(([key, group]) => ({
      key: key.slice(key.indexOf("|") + 1),
      language: group.language,
      count: group.count,
      sample:
        [...group.wordings].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? "",
    }))
    .sort((a, b) => b.count - a.count || a.sample.localeCompare(b.sample))
    .slice(0, options.unanswered ?? 20);

  let feedback = db
    .selectFrom("answer_feedback")
    .where("created_at", ">=", start)
    .where("created_at", "<", end)
    .where("service", "is not", null);
  if (lang) feedback = feedback.where("lang", "=", lang);
  const notHelpful = (
    await feedback
      .select([
        "service",
        (eb) => eb.fn.countAll().as("n"),
        (eb) =>
          eb.fn.sum<number>(eb.case().when("helpful", "=", 0).then(1).else(0).end()).as("bad"),
      ])
      .groupBy("service")
      .execute()
  )
    .map((row) => ({ service: row.service ?? "", total: count(row.n), unhelpful: count(row.bad) }))
    .sort((a, b) => b.unhelpful / b.total - a.unhelpful / a.total || b.total - a.total);

  let conversations = db
    .selectFrom("handoff_conversation")
    .where("created_at", ">=", start)
    .where("created_at", "<", end);
  if (lang) conversations = conversations.where("language", "=", lang);
  const handoffRows = await conversations
    .select(["created_at", "taken_at", "outcome", "rating"])
    .execute();
  const waits = handoffRows
    .filter((row) => row.taken_at)
    .map((row) => (Date.parse(row.taken_at ?? "") - Date.parse(row.created_at)) / 1000)
    .filter((seconds) => Number.isFinite(seconds) && seconds >= 0)
    .sort((a, b) => a - b);
  const handoffOutcomeCounts = Object.fromEntries(handoffOutcomes.map((o) => [o, 0])) as Record<
    (typeof handoffOutcomes)[number],
    number
  >;
  const ratingCounts: [number, number, number, number, number] = [0, 0, 0, 0, 0];
  for (const row of handoffRows) {
    if (row.outcome && row.outcome in handoffOutcomeCounts)
      handoffOutcomeCounts[row.outcome as (typeof handoffOutcomes)[number]] += 1;
    if (row.rating && row.rating >= 1 && row.rating <= 5)
      ratingCounts[row.rating - 1] = (ratingCounts[row.rating - 1] ?? 0) + 1;
  }
  const rated = ratingCounts.reduce((a, b) => a + b, 0);
  const ratingSum = ratingCounts.reduce((sum, n, i) => sum + n * (i + 1), 0);

  const days: string[] = [];
  for (let day = filter.from; day <= filter.to && days.length < 400; day = addDays(day, 1))
    days.push(day);

  return {
    filter,
    days,
    total: Object.values(outcomes).reduce((a, b) => a + b, 0),
    perDay,
    outcomes,
    topServices,
    unanswered,
    notHelpful,
    handoff: {
      volume: handoffRows.length,
      taken: waits.length,
      waitP50Seconds: nearestRank(waits, 0.5),
      waitP90Seconds: nearestRank(waits, 0.9),
      outcomes: handoffOutcomeCounts,
    },
    ratings: {
      counts: ratingCounts,
      total: rated,
      average: rated > 0 ? Math.round((ratingSum / rated) * 100) / 100 : null,
    },
  };
}
