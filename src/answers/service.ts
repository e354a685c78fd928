import type { Language } from "../i18n.ts";
import type { Catalogue } from "../knowledge/catalogue.ts";
import type { AnalysedQuery, PassageIndex, SearchOptions } from "../search/index.ts";
import type { Citation, SearchHit } from "../search/passage.ts";
import type { QoldauRetriever } from "../search/retriever.ts";
import { type AnswerServiceOptions, createAnswerContext } from "./context.ts";
import type { DialogueTopic } from "./dialogue.ts";
import { answerExtractive, answerTopic } from "./extractive.ts";
import type { View } from "./fields.ts";
import { answerGenerated } from "./generated.ts";
import { detectLanguage } from "./language.ts";
import type { Answer, AnswerOptions } from "./types.ts";

export type { AnswerServiceOptions } from "./context.ts";
export type { Answer, AnswerConfig, AnswerIntent, AnswerLogger, AnswerOptions } from "./types.ts";
export type { Citation, Language, SearchHit };
export { detectLanguage };

export type AnswerService = {
  answer(question: string, opts?: AnswerOptions): Promise<Answer>;
  search(query: string, opts?: SearchOptions): SearchHit[];
  /** The analysed question, for tools that explain a result. */
  analyse(query: string): AnalysedQuery;
  readonly index: PassageIndex;
  readonly catalogue: Catalogue;
  /**
   * LangChain retriever (lexical, fused with dense vectors when embeddings are configured).
   * Loaded on first use: LangChain and the OpenAI SDK cost about a second of start-up.
   */
  retriever(): Promise<QoldauRetriever>;
  /** Extractive answer only (no LLM), e.g. as the fallback. */
  answerExtractive(question: string, opts?: AnswerOptions): Answer;
  /** The answer about a topic without a question: a service picked after "which service?". */
  answerTopic(topic: DialogueTopic, opts: { lang: Language; view?: View; now?: Date }): Answer;
};

/**
 * Builds the index once for the catalogue and returns the answer service. Without an API key
 * answers are extractive; with one, they are generated from retrieved passages and fall back to
 * the extractive answer on any error. A question's way through it: `extractive.ts` (triage,
 * small talk), `question.ts` (the paths of a question, read once in `reading.ts`; repealed acts
 * in `repealed.ts`, the final decision in `decide.ts`, refusals in `refusal.ts`), then
 * `generated.ts` (the model, with the extractive fallback).
 */
export function createAnswerService(options: AnswerServiceOptions): AnswerService {
  const ctx = createAnswerContext(options);
  const { index, catalogue } = ctx;
  return {
    index,
    catalogue,
    analyse: (query) => index.analyseQuery(query),
    search: (query, opts) => index.search(query, opts),
    answerExtractive: (question, opts) => answerExtractive(ctx, question, opts),
    answerTopic: (topic, opts) => answerTopic(ctx, topic, opts),
    retriever: ctx.loadRetriever,
    async answer(question, opts = {}) {
      return answerGenerated(ctx, question, answerExtractive(ctx, question, opts));
    },
  };
}
