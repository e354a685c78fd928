import type { Language } from "../i18n.ts";
import { CitationSink, sourceLine } from "./citations.ts";
import { composeServiceAnswer } from "./compose.ts";
import type { AnswerContext } from "./context.ts";
import { type Conversation, conversationReply } from "./conversation.ts";
import { type DialogueTopic, intentsOf } from "./dialogue.ts";
import type { View } from "./fields.ts";
import { detectLanguage } from "./language.ts";
import { answerQuestion } from "./question.ts";
import { type Triaged, withIntent } from "./triage.ts";
import type { Answer, AnswerOptions } from "./types.ts";

/**
 * Small talk by either detector (typed cues, or the guards' stems); a request for a person only
 * by the guards, which tell "дайте оператора" from a story that mentions one.
 */
function conversationOf(
  ctx: AnswerContext,
  question: string,
  triaged: Triaged | null,
): Conversation | null {
  if (triaged?.intent === "person") return "person";
  const said = ctx.conversations.detect(question);
  if (said && said !== "person") return said;
  if (triaged?.intent !== "small_talk") return null;
  const kind = ctx.triage.guards.smallTalkKind(question);
  return kind === "goodbye" ? "bye" : (kind ?? "greeting");
}

/**
 * The extractive answer (no LLM): someone else's data is refused and small talk answered before
 * any search; everything else is a question (`answerQuestion`).
 */
export function answerExtractive(
  ctx: AnswerContext,
  question: string,
  opts: AnswerOptions = {},
): Answer {
  const lang = opts.lang ?? detectLanguage(question);
  const at = opts.now ?? ctx.clock();
  const triaged = ctx.triage.before(question, lang);
  if (triaged?.intent === "others_data") return withIntent(triaged.answer);
  const said = conversationOf(ctx, question, triaged);
  if (said)
    return {
      answer: conversationReply(said, lang, ctx.t, ctx.catalogue.workingHours, ctx.workingTime, at),
      lang,
      service: null,
      citations: [],
      confidence: 0.9,
      outOfScope: false,
      mode: "extractive",
      conversation: said,
      intent: said === "person" ? "person" : "small_talk",
      ...(opts.topic ? { topic: opts.topic } : {}),
    };
  return withIntent(answerQuestion(ctx, question, lang, opts, at));
}

/** The answer about a topic without a question: a service picked after "which service?". */
export function answerTopic(
  ctx: AnswerContext,
  dialogue: DialogueTopic,
  opts: { lang: Language; view?: View; now?: Date },
): Answer {
  const { catalogue, index } = ctx;
  const { lang } = opts;
  const view = opts.view ?? "operator";
  const service = catalogue.getService(dialogue.service);
  if (!service) return answerExtractive(ctx, "", { lang });
  const sink = new CitationSink(catalogue, lang, view === "operator");
  const text = composeServiceAnswer({
    catalogue,
    service,
    lang,
    intents: dialogue.aspect ? intentsOf(dialogue.aspect) : [],
    hits: [],
    t: ctx.t,
    sink,
    index,
    query: index.analyseQuery(""),
    serviceCovered: new Set(),
    intentCovered: new Map(),
    now: opts.now ?? ctx.clock(),
    admissionWindowOverrides: ctx.windowOverrides(),
    view,
  });
  const ref = view === "parent" ? sink.leadRef : undefined;
  return {
    answer: text,
    lang,
    service: service.id,
    citations: sink.citations,
    confidence: 1,
    outOfScope: service.scope !== "in_scope",
    mode: "extractive",
    topic: dialogue,
    ...(ref ? { source: sourceLine(catalogue, ref, lang) } : {}),
  };
}
