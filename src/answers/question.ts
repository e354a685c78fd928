import type { Language } from "../i18n.ts";
import type { Service } from "../knowledge/schemas.ts";
import type { AnswerContext } from "./context.ts";
import { judgeGuess, serviceConfidence } from "./decide.ts";
import { type Aspect, aspectOf, intentsOf } from "./dialogue.ts";
import { type Reading, readDialogue, readQuestion } from "./reading.ts";
import { clarifyCandidates, inScopeNames, outOfScopeText } from "./refusal.ts";
import { answerRepealed, repealedSourceFor } from "./repealed.ts";
import { typedWords } from "./typed-words.ts";
import type { Answer, AnswerOptions } from "./types.ts";

/**
 * A question past triage and small talk, in the order its paths are tried: a repealed act, a
 * follow-up about the conversation's service, another body's question, the first step (ПМПК), a
 * redirect card, a follow-up whose aspect the cues missed, then the guess is judged: ask which
 * service, refuse as out of scope, or answer about the service.
 */
export function answerQuestion(
  ctx: AnswerContext,
  question: string,
  lang: Language,
  opts: AnswerOptions,
  at: Date,
): Answer {
  const read = readQuestion(ctx, question, lang, opts, at);
  const repealed = repealedSourceFor(ctx, question, read.query);
  if (repealed) return answerRepealed(ctx, read, repealed);

  const r = readDialogue(ctx, read);
  const { guess, query, topic, topicService } = r;

  const followUp = followUpAnswer(ctx, r);
  if (followUp) return followUp;
  // Another body's question (a disability assessment, a benefit) before ПМПК's "start here".
  const otherBody = ctx.triage.otherBody(question, lang, {
    cueWords: guess.cueWords,
    redirectCard: guess.service?.scope === "redirect",
  });
  if (otherBody) return { ...otherBody, hits: r.base.hits };
  const firstStep = firstStepAnswer(ctx, r);
  if (firstStep) return firstStep;
  const service = guess.service;
  if (service?.scope === "redirect" && (guess.keywordMatched || topic.words > 0)) {
    return {
      ...r.base,
      answer: outOfScopeText(ctx.catalogue, ctx.t, lang, r.sink, service),
      service: service.id,
      citations: r.sink.citations,
      confidence: 0.8,
      outOfScope: true,
    };
  }
  // A named out-of-scope topic wins unless the service cues cover more of the question.
  const topicWins = topic.words > 0 && topic.words >= guess.cueWords;
  const intentPositions = ctx.intents.covered(query.typed);
  // A follow-up whose aspect the cues did not catch ("а сколько длится?"): answered as if it
  // named the topic's service, so the question's own words still pick the facts.
  const namesService =
    guess.keywordMatched && [...guess.covered].some((p) => !intentPositions.has(p));
  const topicOnly =
    topicService && !namesService && !topicWins && !opts.followUpOf ? topicService : undefined;
  if (topicOnly) {
    const answered = answerQuestion(
      ctx,
      `${question} ${topicOnly.shortName[lang]}`,
      lang,
      { ...(opts.view ? { view: opts.view } : {}), followUpOf: topicOnly.id },
      at,
    );
    return answered.service === topicOnly.id ? { ...answered, followUp: true } : answered;
  }
  const verdict = judgeGuess(ctx, r, topicWins, intentPositions);
  if (verdict.kind === "clarify") return clarifyAnswer(ctx, r);
  if (verdict.kind === "out_of_scope") return outOfScopeAnswer(ctx, r);
  return serviceAnswer(r, verdict.service);
}

/**
 * A follow-up: it asks about an aspect ("а сколько ждать?") and names no service, so the
 * service is the one the conversation is about. An out-of-scope topic it names still wins.
 * A word that the topic's service is also called by ("школа") does not change the topic.
 */
function followUpAnswer(ctx: AnswerContext, r: Reading): Answer | null {
  const { guess, query, topicService, asked, topic } = r;
  const namesOther =
    guess.keywordMatched &&
    guess.service?.id !== topicService?.id &&
    [...guess.covered].some(
      (i) => !ctx.ownWords.get(topicService?.id ?? "")?.has(query.typed[i]?.stem ?? ""),
    );
  const followUp =
    topicService?.scope === "in_scope" &&
    (!guess.keywordMatched || !namesOther) &&
    asked.some((intent) => intent !== "contacts") &&
    !(topic.words > Math.max(1, ctx.intents.covered(query.typed).size));
  if (!followUp || !topicService) return null;
  const aspect = aspectOf(asked);
  return {
    ...r.base,
    answer: r.compose(topicService, asked),
    service: topicService.id,
    citations: r.sink.citations,
    confidence: 0.8,
    outOfScope: false,
    topic: { service: topicService.id, ...(aspect ? { aspect } : {}) },
    followUp: true,
    ...r.sourceOf(),
  };
}

/**
 * Development problems or a special kindergarten, and no service named other than ПМПК's own
 * words: the family starts with ПМПК, whatever else the search found.
 */
function firstStepAnswer(ctx: AnswerContext, r: Reading): Answer | null {
  const { firstStepService } = ctx;
  const { guess, asked, topic } = r;
  const startsWithFirstStep =
    firstStepService &&
    (!guess.keywordMatched ||
      guess.service?.id === firstStepService.id ||
      asked.includes("steps")) &&
    !(topic.words > 0 && topic.words >= guess.cueWords) &&
    ctx.firstStepCues.match(typedWords(r.question)).size > 0;
  if (!startsWithFirstStep || !firstStepService) return null;
  const text = r.compose(firstStepService, asked.length > 0 ? asked : ["steps"]);
  return {
    ...r.base,
    answer: `${ctx.t(r.lang, "answers-first-step")}\n${text}`,
    service: firstStepService.id,
    citations: r.sink.citations,
    confidence: 0.8,
    outOfScope: false,
    topic: { service: firstStepService.id, aspect: "apply" },
    ...r.sourceOf(),
  };
}

/** In the domain but no service named: "which service?", with the services to pick from. */
function clarifyAnswer(ctx: AnswerContext, r: Reading): Answer {
  return {
    ...r.base,
    answer: ctx.t(r.lang, "answers-unsure", { services: inScopeNames(ctx.catalogue, r.lang) }),
    service: null,
    citations: [],
    confidence: 0.3,
    outOfScope: false,
    clarify: clarifyCandidates(ctx.catalogue, r.hits),
    ...(aspectOf(r.asked) ? { aspect: aspectOf(r.asked) } : {}),
  };
}

/** About something else: what Qoldau covers and where else to turn. */
function outOfScopeAnswer(ctx: AnswerContext, r: Reading): Answer {
  return {
    ...r.base,
    answer: outOfScopeText(ctx.catalogue, ctx.t, r.lang, r.sink, null),
    service: null,
    citations: r.sink.citations,
    confidence: r.topic.words > 0 ? 0.85 : 0.6,
    outOfScope: true,
  };
}

/** The service answer: the fields asked, or the aspect carried over from the conversation. */
function serviceAnswer(r: Reading, service: Service): Answer {
  const { guess, query, asked, dialogue } = r;
  // "а для ПМПК?" after "сколько ждать на дому?": a new service, the same aspect.
  const rest = query.typed.length - guess.covered.size;
  const carried: Aspect | undefined =
    asked.length === 0 && rest <= 1 && dialogue?.aspect ? dialogue.aspect : undefined;
  const text = r.compose(service, carried ? intentsOf(carried) : asked);
  const aspect = aspectOf(asked) ?? carried;
  return {
    ...r.base,
    answer: text,
    service: service.id,
    citations: r.sink.citations,
    confidence: serviceConfidence(guess.margin, guess.keywordMatched, r.known),
    outOfScope: false,
    topic: { service: service.id, ...(aspect ? { aspect } : {}) },
    ...r.sourceOf(),
  };
}
