import type { Source } from "../knowledge/schemas.ts";
import type { AnalysedQuery } from "../search/index.ts";
import { composeRepealedNotice, composeServiceAnswer } from "./compose.ts";
import type { AnswerContext } from "./context.ts";
import type { QuestionReading } from "./reading.ts";
import type { Answer } from "./types.ts";

/** Numbers written in the question ("604", "174") that name an act. */
function numbersIn(question: string): Set<string> {
  return new Set(question.match(/\d+/g) ?? []);
}

/** The repealed act a question names by number, or asks about as a regulation or as history. */
export function repealedSourceFor(
  ctx: AnswerContext,
  question: string,
  query: AnalysedQuery,
): Source | null {
  const numbers = numbersIn(question);
  const named = ctx.repealedSources.find((s) => s.number && numbers.has(s.number));
  if (named) return named;
  const asksHistory = query.synonymGroups.some((g) => g === "repealed" || g === "regulation");
  if (!asksHistory) return null;
  // Asked about a regulation or a repealed text: the best repealed source among the top hits
  // (a current card statement often ranks first, and it is not what was asked).
  for (const hit of ctx.index.search(query, { limit: 5, historical: true })) {
    const source = ctx.catalogue.getSource(hit.passage.citation.source);
    if (source?.legalStatus.status === "repealed") return source;
  }
  return null;
}

/** What repealed the act and when, then the rule in force when the question names a service. */
export function answerRepealed(ctx: AnswerContext, r: QuestionReading, repealed: Source): Answer {
  const { catalogue, index, intents, t } = ctx;
  const { guess, lang, query, sink } = r;
  const notice = composeRepealedNotice(catalogue, repealed, lang, t, sink);
  const service =
    guess.service?.scope === "in_scope" && guess.keywordMatched ? guess.service : null;
  let text = notice;
  if (service) {
    const current = composeServiceAnswer({
      index,
      query,
      serviceCovered: guess.covered,
      intentCovered: intents.coveredBy(query.typed),
      catalogue,
      service,
      lang,
      intents: r.asked,
      hits: r.hits,
      t,
      sink,
      extraHits: 1,
      now: r.at,
      admissionWindowOverrides: ctx.windowOverrides(),
    });
    text += `\n${t(lang, "answers-repealed-current")}\n${current}`;
  }
  return {
    ...r.base,
    answer: text,
    service: null,
    citations: sink.citations,
    confidence: 0.9,
    outOfScope: false,
    repealed: true,
  };
}
