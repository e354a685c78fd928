import type { Service } from "../knowledge/schemas.ts";
import type { AnswerContext } from "./context.ts";
import { aspectOf } from "./dialogue.ts";
import type { Reading } from "./reading.ts";
import { foreignWords } from "./scope.ts";

/**
 * When a guessed service is too weak to answer, and when to ask "which service?" instead. The
 * values were tuned together on the questions of `tests/eval/` (service accuracy against
 * out-of-scope handling; re-run `npm run eval` after changing one). `known` is the share of the
 * question's words the index knows; a guess's `score`, `margin` and `cueWords` come from
 * `ServiceDetector` (`detect.ts`: 0.6 + 0.2 per matched cue word, plus up to 0.7 of the top
 * hit's retrieval score per hit).
 */
const guessThresholds = {
  /** Below half the words known, a question without a service keyword is mostly about something else. */
  minKnownShare: 0.5,
  /** Retrieval alone (no keyword) must give the service about two-thirds of a top hit's share (0.7). */
  minScore: 0.45,
  /** Without a keyword, the first service must lead the second by a quarter of its score, or they are too close to pick. */
  minMargin: 0.25,
  /** When most words are foreign and only one cue word names the service, it must lead by half. */
  foreignMinMargin: 0.5,
  /** "Which service?" only when 60% of the words are ours: in the domain, naming no service. */
  clarifyKnownShare: 0.6,
} as const;

/**
 * A service answer's confidence (shown to operators, logged; it decides nothing): at least
 * 0.35; a clear lead over the second service adds up to 0.35; a keyword that names the service
 * adds 0.3 (retrieval alone 0.1), scaled by the share of known words plus 0.2, so that one
 * unknown word in a short question does not sink it.
 */
export function serviceConfidence(margin: number, keywordMatched: boolean, known: number): number {
  const confidence = 0.35 + 0.35 * margin + (keywordMatched ? 0.3 : 0.1) * Math.min(1, known + 0.2);
  return Math.round(Math.min(1, confidence) * 100) / 100;
}

/** What to do with a question after the special paths: ask which service, refuse, or answer. */
export type Verdict =
  | { kind: "clarify" }
  | { kind: "out_of_scope" }
  | { kind: "service"; service: Service };

/**
 * The last decision about a question: is the guessed service strong enough to answer, is the
 * question in the domain but naming no service (ask "which service?"), or is it about something
 * else. `topicWins`: a named out-of-scope topic covers at least as many words as the service
 * cues; `intentPositions`: the words that only say what is asked.
 */
export function judgeGuess(
  ctx: AnswerContext,
  r: Reading,
  topicWins: boolean,
  intentPositions: Set<number>,
): Verdict {
  const { guess, query, known, asked } = r;
  const service = guess.service;
  const foreign = foreignWords(
    r.question,
    query,
    ctx.index,
    new Set([...intentPositions, ...guess.covered]),
  );
  const mostlyForeign = foreign >= 2 && foreign * 2 >= query.typed.length;
  const weak =
    service?.scope !== "in_scope" ||
    (!guess.keywordMatched &&
      (known < guessThresholds.minKnownShare ||
        guess.score < guessThresholds.minScore ||
        guess.margin < guessThresholds.minMargin)) ||
    (mostlyForeign &&
      (!guess.keywordMatched ||
        (guess.cueWords <= 1 && guess.margin < guessThresholds.foreignMinMargin)));
  // Words from the domain but no service named ("какие документы нужны?"): ask which service.
  const topical = query.typed.length - intentPositions.size;
  // An aspect asked ("а сколько ждать?") with no service named and no topic: which service?
  const aspectOnly =
    aspectOf(asked) !== undefined && !guess.keywordMatched && !topicWins && (weak || topical <= 2);
  const unclear =
    aspectOnly ||
    (!topicWins &&
      !guess.keywordMatched &&
      known >= guessThresholds.clarifyKnownShare &&
      query.typed.length >= 1 &&
      (weak || topical <= 2));
  // Asking "which service?" fits only when every word is ours; a word we have never seen
  // ("загранпаспорт") means the question is about something else.
  // "the school has not answered for a week" names no service: the parent needs the term of
  // theirs, so ask which one rather than calling it out of scope.
  const overdueOnly = asked.includes("overdue") && !guess.keywordMatched && !topicWins;
  if ((unclear && foreign === 0) || overdueOnly) return { kind: "clarify" };
  if (topicWins || weak || unclear) return { kind: "out_of_scope" };
  return { kind: "service", service };
}
