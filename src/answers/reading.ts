import type { Language } from "../i18n.ts";
import type { Service } from "../knowledge/schemas.ts";
import type { AnalysedQuery } from "../search/index.ts";
import type { SearchHit } from "../search/passage.ts";
import type { Intent } from "../search/synonyms.ts";
import { localDate } from "../time/local-time.ts";
import { CitationSink, sourceLine } from "./citations.ts";
import { composeServiceAnswer } from "./compose.ts";
import type { AnswerContext } from "./context.ts";
import { coverage, type ServiceGuess } from "./detect.ts";
import type { DialogueTopic } from "./dialogue.ts";
import type { View } from "./fields.ts";
import { submittedDate } from "./overdue.ts";
import type { Answer, AnswerOptions } from "./types.ts";

/**
 * One question read once: analysed, searched, its service guessed, what it asks, and the
 * citation sink its answer fills. The repealed-act path decides from this alone.
 */
export type QuestionReading = {
  question: string;
  lang: Language;
  opts: AnswerOptions;
  at: Date;
  query: AnalysedQuery;
  hits: SearchHit[];
  guess: ServiceGuess;
  /** The card fields asked about ("сколько ждать?" → term). */
  asked: Intent[];
  view: View;
  sink: CitationSink;
  /** The fields every answer to this question shares. */
  base: { lang: Language; hits: SearchHit[]; mode: "extractive" };
  /** The parent's source line, once the answer's citations are in the sink. */
  sourceOf: () => Pick<Answer, "source">;
};

/** The question read against the conversation and the out-of-scope topics: what every later path decides from. */
export type Reading = QuestionReading & {
  /** Out-of-scope topics the question names, and how many of its words they cover. */
  topic: { topics: string[]; words: number };
  /** The share of the question's words the index knows. */
  known: number;
  /** The conversation's topic (the bot's session), if any. */
  dialogue: DialogueTopic | undefined;
  topicService: Service | undefined;
  /** The service answer about `about` for the fields asked. */
  compose: (about: Service, intentsAsked: Intent[]) => string;
};

export function readQuestion(
  ctx: AnswerContext,
  question: string,
  lang: Language,
  opts: AnswerOptions,
  at: Date,
): QuestionReading {
  const { catalogue, index, intents, typedIntents } = ctx;
  const query = index.analyseQuery(question);
  const hits = index.search(query, { limit: 12 });
  const guess = ctx.services.detect(query, hits);
  // Cues the analyser cannot see ("не ответили", "куда") count when nothing else was asked;
  // "what if nobody answers" always counts, it changes what the answer is about.
  const typedAsked = typedIntents.detect(question);
  const stemAsked = intents.detect(query.typed);
  const asked = (stemAsked.length > 0 ? stemAsked : typedAsked).concat(
    typedAsked.includes("overdue") && !stemAsked.includes("overdue") ? ["overdue"] : [],
  );
  const view = opts.view ?? "operator";
  const sink = new CitationSink(catalogue, lang, view === "operator");
  const sourceOf = () => {
    const ref = view === "parent" ? sink.leadRef : undefined;
    return ref ? { source: sourceLine(catalogue, ref, lang) } : {};
  };
  return {
    question,
    lang,
    opts,
    at,
    query,
    hits,
    guess,
    asked,
    view,
    sink,
    base: { lang, hits: hits.slice(0, 5), mode: "extractive" as const },
    sourceOf,
  };
}

/** The reading completed with the conversation's topic, the named topics and the composer. */
export function readDialogue(ctx: AnswerContext, r: QuestionReading): Reading {
  const { catalogue, index, intents } = ctx;
  const { question, lang, opts, at, query, hits, guess, asked, view, sink } = r;
  const dialogue = opts.topic;
  const submitted = asked.includes("overdue")
    ? (submittedDate(question, localDate(at)) ?? undefined)
    : undefined;
  const compose = (about: Service, intentsAsked: Intent[]) =>
    composeServiceAnswer({
      catalogue,
      service: about,
      lang,
      intents: intentsAsked,
      hits,
      t: ctx.t,
      sink,
      index,
      query,
      serviceCovered: about.id === guess.service?.id ? guess.covered : new Set(),
      intentCovered: intents.coveredBy(query.typed),
      now: at,
      admissionWindowOverrides: ctx.windowOverrides(),
      view,
      workingTime: ctx.workingTime,
      ...(submitted ? { submitted } : {}),
    });
  return {
    ...r,
    topic: ctx.topics.detect(query.typed),
    known: coverage(query, index),
    dialogue,
    topicService: dialogue ? catalogue.getService(dialogue.service) : undefined,
    compose,
  };
}
