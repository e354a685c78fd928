import { createWorkingTime } from "../calendar/working-time.ts";
import type { Language } from "../i18n.ts";
import type { AdmissionWindowOverride } from "../knowledge/admission-windows.ts";
import type { Catalogue } from "../knowledge/catalogue.ts";
import type { Service, Source } from "../knowledge/schemas.ts";
import { stems } from "../search/analyse.ts";
import { type AnalysedQuery, PassageIndex, type SearchOptions } from "../search/index.ts";
import type { Citation, SearchHit } from "../search/passage.ts";
import { buildPassages, inlineCitation, renderCitation } from "../search/passages.ts";
import type { QoldauRetriever } from "../search/retriever.ts";
import type { Synonyms } from "../search/synonyms.ts";
import { localDate } from "../time/local-time.ts";
import { CitationSink, sourceLine } from "./citations.ts";
import { composeRepealedNotice, composeServiceAnswer } from "./compose.ts";
import { type Conversation, ConversationDetector, conversationReply } from "./conversation.ts";
import {
  coverage,
  IntentDetector,
  ServiceDetector,
  TopicDetector,
  TypedIntentDetector,
} from "./detect.ts";
import { type Aspect, aspectOf, type DialogueTopic, intentsOf } from "./dialogue.ts";
import type { View } from "./fields.ts";
import { createGenerator, type GenerationOptions, type Generator } from "./generate.ts";
import { detectLanguage } from "./language.ts";
import { defaultAnswerMessages, type Translate } from "./messages.ts";
import { submittedDate } from "./overdue.ts";
import { foreignWords } from "./scope.ts";
import { createTriage, type Triaged, withIntent } from "./triage.ts";
import { TypedPhraseMatcher, typedWords } from "./typed-words.ts";
import type { Answer, AnswerConfig, AnswerLogger, AnswerOptions } from "./types.ts";

export type { Answer, AnswerConfig, AnswerIntent, AnswerLogger, AnswerOptions } from "./types.ts";
export type { Citation, Language, SearchHit };
export { detectLanguage };

export type AnswerServiceOptions = {
  catalogue: Catalogue;
  config?: AnswerConfig;
  logger?: AnswerLogger;
  synonyms?: Synonyms;
  /** Replaces the LLM generator (tests). */
  generator?: Generator | null;
  /**
   * Admission windows an administrator set (database), read synchronously at every answer;
   * they win over the catalogue's configured windows. Feed it from
   * `createAdmissionWindowOverridesCache` (refreshed when a window is set, and periodically).
   */
  admissionWindowOverrides?: () => readonly AdmissionWindowOverride[];
  /** Today (tests); defaults to the clock at each answer. */
  now?: () => Date;
  /** The answers' messages from the app's Fluent loader (`answerMessages(deps.i18n)`). */
  messages?: Translate;
};

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
function serviceConfidence(margin: number, keywordMatched: boolean, known: number): number {
  const confidence = 0.35 + 0.35 * margin + (keywordMatched ? 0.3 : 0.1) * Math.min(1, known + 0.2);
  return Math.round(Math.min(1, confidence) * 100) / 100;
}

const silentLogger: AnswerLogger = { warn: () => {}, debug: () => {} };

/** Numbers written in the question ("604", "174") that name an act. */
function numbersIn(question: string): Set<string> {
  return new Set(question.match(/\d+/g) ?? []);
}

/** The LangChain retriever, with OpenAI embeddings when configured; imported only when needed. */
async function createRetriever(index: PassageIndex, config: AnswerConfig) {
  const { QoldauRetriever } = await import("../search/retriever.ts");
  const embeddings =
    config.OPENAI_API_KEY && config.OPENAI_EMBEDDINGS_MODEL
      ? new (await import("@langchain/openai")).OpenAIEmbeddings({
          apiKey: config.OPENAI_API_KEY,
          model: config.OPENAI_EMBEDDINGS_MODEL,
          maxRetries: 0,
          timeout: config.OPENAI_TIMEOUT_MS ?? 8000,
          configuration: config.OPENAI_BASE_URL ? { baseURL: config.OPENAI_BASE_URL } : {},
        })
      : undefined;
  return new QoldauRetriever({ index, k: 6, embeddings });
}

/**
 * Builds the index once for the catalogue and returns the answer service. Without an API key
 * answers are extractive; with one, they are generated from retrieved passages and fall back to
 * the extractive answer on any error.
 */
export function createAnswerService(options: AnswerServiceOptions): AnswerService {
  const { catalogue } = options;
  const logger = options.logger ?? silentLogger;
  const synonyms = options.synonyms ?? catalogue.synonyms;
  const index = new PassageIndex(buildPassages(catalogue), synonyms);
  const t: Translate = options.messages ?? defaultAnswerMessages();
  const services = new ServiceDetector(catalogue, synonyms);
  const intents = new IntentDetector(synonyms);
  const topics = new TopicDetector(synonyms);
  const triage = createTriage({ catalogue });
  const conversations = new ConversationDetector(synonyms);
  const typedIntents = new TypedIntentDetector(synonyms);
  const firstStepCues = new TypedPhraseMatcher<true>();
  for (const cue of synonyms.firstStep?.cues ?? []) firstStepCues.add(cue, true);
  const firstStepService = synonyms.firstStep
    ? catalogue.getService(synonyms.firstStep.service)
    : undefined;
  // The words each service is called by: "школа" names home schooling as much as a special school.
  const ownWords = new Map(
    catalogue.services.map((s) => [
      s.id,
      new Set(
        [s.shortName.kk, s.shortName.ru, ...s.keywords.kk, ...s.keywords.ru].flatMap((text) =>
          stems(text),
        ),
      ),
    ]),
  );
  const workingTime = createWorkingTime(catalogue.calendar, catalogue.workingHours);
  const repealedSources = catalogue.sources.filter((s) => s.legalStatus.status === "repealed");
  const passageById = new Map(index.passages.map((p) => [p.id, p]));
  const config = options.config ?? {};
  const windowOverrides = options.admissionWindowOverrides ?? (() => []);
  const clock = options.now ?? (() => new Date());
  const hasEmbeddings = Boolean(config.OPENAI_API_KEY && config.OPENAI_EMBEDDINGS_MODEL);
  let retriever: Promise<QoldauRetriever> | undefined;
  const loadRetriever = () => {
    retriever ??= createRetriever(index, config).catch((error: unknown) => {
      retriever = undefined; // a failed import or setup is tried again on the next question
      throw error;
    });
    return retriever;
  };
  const generator =
    options.generator !== undefined
      ? options.generator
      : options.config?.OPENAI_API_KEY
        ? createGenerator(options.config as GenerationOptions & AnswerConfig, logger, (lang) =>
            t(lang, "answers-contacts"),
          )
        : null;

  // The services with full cards are the ones named when Qoldau explains what it covers.
  const inScope = (lang: Language) =>
    catalogue.services
      .filter((s) => s.scope === "in_scope" && (s.channels.length > 0 || s.terms.length > 0))
      .map((s) => s.shortName[lang])
      .join(", ");

  function repealedSourceFor(question: string, query: AnalysedQuery): Source | null {
    const numbers = numbersIn(question);
    const named = repealedSources.find((s) => s.number && numbers.has(s.number));
    if (named) return named;
    const asksHistory = query.synonymGroups.some((g) => g === "repealed" || g === "regulation");
    if (!asksHistory) return null;
    // Asked about a regulation or a repealed text: the best repealed source among the top hits
    // (a current card statement often ranks first, and it is not what was asked).
    for (const hit of index.search(query, { limit: 5, historical: true })) {
      const source = catalogue.getSource(hit.passage.citation.source);
      if (source?.legalStatus.status === "repealed") return source;
    }
    return null;
  }

  function outOfScope(lang: Language, sink: CitationSink, redirect: Service | null): string {
    const parts: string[] = [];
    if (redirect?.redirect) {
      parts.push(t(lang, "answers-redirect"));
      parts.push(
        `${redirect.shortName[lang]}: ${redirect.redirect.text[lang]}${sink.cite(redirect.redirect.citations)}`,
      );
    }
    parts.push(t(lang, "answers-out-of-scope", { services: inScope(lang) }));
    return parts.join("\n");
  }

  /** Services to offer when a question names none: those the search found, else the main ones. */
  function candidates(hits: SearchHit[]): string[] {
    const found = [
      ...new Set(
        hits.flatMap((h) => {
          const id = h.passage.serviceId;
          return id && catalogue.getService(id)?.scope === "in_scope" ? [id] : [];
        }),
      ),
    ].slice(0, 4);
    if (found.length >= 2) return found;
    return catalogue.parentsMenu.parents
      .flatMap((id) => catalogue.getService(id) ?? [])
      .filter((s) => s.scope === "in_scope" && (s.channels.length > 0 || s.terms.length > 0))
      .map((s) => s.id)
      .slice(0, 6);
  }

  /**
   * Small talk by either detector (typed cues, or the guards' stems); a request for a person only
   * by the guards, which tell "дайте оператора" from a story that mentions one.
   */
  function conversationOf(question: string, triaged: Triaged | null): Conversation | null {
    if (triaged?.intent === "person") return "person";
    const said = conversations.detect(question);
    if (said && said !== "person") return said;
    if (triaged?.intent !== "small_talk") return null;
    const kind = triage.guards.smallTalkKind(question);
    return kind === "goodbye" ? "bye" : (kind ?? "greeting");
  }

  function answerExtractive(question: string, opts: AnswerOptions = {}): Answer {
    const lang = opts.lang ?? detectLanguage(question);
    const at = opts.now ?? clock();
    const triaged = triage.before(question, lang);
    if (triaged?.intent === "others_data") return withIntent(triaged.answer);
    const said = conversationOf(question, triaged);
    if (said)
      return {
        answer: conversationReply(said, lang, t, catalogue.workingHours, workingTime, at),
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
    return withIntent(answerQuestion(question, lang, opts, at));
  }

  function answerQuestion(question: string, lang: Language, opts: AnswerOptions, at: Date): Answer {
    const query = index.analyseQuery(question);
    const hits = index.search(query, { limit: 12 });
    const guess = services.detect(query, hits);
    // Cues the analyser cannot see ("не ответили", "куда") count when nothing else was asked;
    // "what if nobody answers" always counts, it changes what the answer is about.
    const typedAsked = typedIntents.detect(question);
    const stemAsked = intents.detect(query.typed);
    const asked = (stemAsked.length > 0 ? stemAsked : typedAsked).concat(
      typedAsked.includes("overdue") && !stemAsked.includes("overdue") ? ["overdue"] : [],
    );
    const view = opts.view ?? "operator";
    const sink = new CitationSink(catalogue, lang, view === "operator");
    const base = { lang, hits: hits.slice(0, 5), mode: "extractive" as const };
    const sourceOf = () => {
      const ref = view === "parent" ? sink.leadRef : undefined;
      return ref ? { source: sourceLine(catalogue, ref, lang) } : {};
    };

    const repealed = repealedSourceFor(question, query);
    if (repealed) {
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
          intents: asked,
          hits,
          t,
          sink,
          extraHits: 1,
          now: at,
          admissionWindowOverrides: windowOverrides(),
        });
        text += `\n${t(lang, "answers-repealed-current")}\n${current}`;
      }
      return {
        ...base,
        answer: text,
        service: null,
        citations: sink.citations,
        confidence: 0.9,
        outOfScope: false,
        repealed: true,
      };
    }

    const topic = topics.detect(query.typed);
    const known = coverage(query, index);
    const dialogue = opts.topic;
    const submitted = asked.includes("overdue")
      ? (submittedDate(question, localDate(at)) ?? undefined)
      : undefined;
    const topicService = dialogue ? catalogue.getService(dialogue.service) : undefined;
    const compose = (about: Service, intentsAsked: typeof asked) =>
      composeServiceAnswer({
        catalogue,
        service: about,
        lang,
        intents: intentsAsked,
        hits,
        t,
        sink,
        index,
        query,
        serviceCovered: about.id === guess.service?.id ? guess.covered : new Set(),
        intentCovered: intents.coveredBy(query.typed),
        now: at,
        admissionWindowOverrides: windowOverrides(),
        view,
        workingTime,
        ...(submitted ? { submitted } : {}),
      });
    // A follow-up: it asks about an aspect ("а сколько ждать?") and names no service, so the
    // service is the one the conversation is about. An out-of-scope topic it names still wins.
    // A word that the topic's service is also called by ("школа") does not change the topic.
    const namesOther =
      guess.keywordMatched &&
      guess.service?.id !== topicService?.id &&
      [...guess.covered].some(
        (i) => !ownWords.get(topicService?.id ?? "")?.has(query.typed[i]?.stem ?? ""),
      );
    const followUp =
      topicService?.scope === "in_scope" &&
      (!guess.keywordMatched || !namesOther) &&
      asked.some((intent) => intent !== "contacts") &&
      !(topic.words > Math.max(1, intents.covered(query.typed).size));
    if (followUp && topicService) {
      const aspect = aspectOf(asked);
      return {
        ...base,
        answer: compose(topicService, asked),
        service: topicService.id,
        citations: sink.citations,
        confidence: 0.8,
        outOfScope: false,
        topic: { service: topicService.id, ...(aspect ? { aspect } : {}) },
        followUp: true,
        ...sourceOf(),
      };
    }
    // Another body's question (a disability assessment, a benefit) before ПМПК's "start here".
    const otherBody = triage.otherBody(question, lang, {
      cueWords: guess.cueWords,
      redirectCard: guess.service?.scope === "redirect",
    });
    if (otherBody) return { ...otherBody, hits: base.hits };
    // Development problems or a special kindergarten, and no service named other than ПМПК's own
    // words: the family starts with ПМПК, whatever else the search found.
    const startsWithFirstStep =
      firstStepService &&
      (!guess.keywordMatched ||
        guess.service?.id === firstStepService.id ||
        asked.includes("steps")) &&
      !(topic.words > 0 && topic.words >= guess.cueWords) &&
      firstStepCues.match(typedWords(question)).size > 0;
    if (startsWithFirstStep && firstStepService) {
      const text = compose(firstStepService, asked.length > 0 ? asked : ["steps"]);
      return {
        ...base,
        answer: `${t(lang, "answers-first-step")}\n${text}`,
        service: firstStepService.id,
        citations: sink.citations,
        confidence: 0.8,
        outOfScope: false,
        topic: { service: firstStepService.id, aspect: "apply" },
        ...sourceOf(),
      };
    }
    const service = guess.service;
    if (service?.scope === "redirect" && (guess.keywordMatched || topic.words > 0)) {
      return {
        ...base,
        answer: outOfScope(lang, sink, service),
        service: service.id,
        citations: sink.citations,
        confidence: 0.8,
        outOfScope: true,
      };
    }
    // A named out-of-scope topic wins unless the service cues cover more of the question.
    const topicWins = topic.words > 0 && topic.words >= guess.cueWords;
    const intentPositions = intents.covered(query.typed);
    // A follow-up whose aspect the cues did not catch ("а сколько длится?"): answered as if it
    // named the topic's service, so the question's own words still pick the facts.
    const namesService =
      guess.keywordMatched && [...guess.covered].some((p) => !intentPositions.has(p));
    const topicOnly =
      topicService && !namesService && !topicWins && !opts.followUpOf ? topicService : undefined;
    if (topicOnly) {
      const answered = answerQuestion(
        `${question} ${topicOnly.shortName[lang]}`,
        lang,
        { ...(opts.view ? { view: opts.view } : {}), followUpOf: topicOnly.id },
        at,
      );
      return answered.service === topicOnly.id ? { ...answered, followUp: true } : answered;
    }
    const foreign = foreignWords(
      question,
      query,
      index,
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
      aspectOf(asked) !== undefined &&
      !guess.keywordMatched &&
      !topicWins &&
      (weak || topical <= 2);
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
    if ((unclear && foreign === 0) || overdueOnly) {
      return {
        ...base,
        answer: t(lang, "answers-unsure", { services: inScope(lang) }),
        service: null,
        citations: [],
        confidence: 0.3,
        outOfScope: false,
        clarify: candidates(hits),
        ...(aspectOf(asked) ? { aspect: aspectOf(asked) } : {}),
      };
    }
    if (topicWins || weak || unclear) {
      return {
        ...base,
        answer: outOfScope(lang, sink, null),
        service: null,
        citations: sink.citations,
        confidence: topic.words > 0 ? 0.85 : 0.6,
        outOfScope: true,
      };
    }
    // "а для ПМПК?" after "сколько ждать на дому?": a new service, the same aspect.
    const rest = query.typed.length - guess.covered.size;
    const carried: Aspect | undefined =
      asked.length === 0 && rest <= 1 && dialogue?.aspect ? dialogue.aspect : undefined;
    const text = compose(service, carried ? intentsOf(carried) : asked);
    const aspect = aspectOf(asked) ?? carried;
    return {
      ...base,
      answer: text,
      service: service.id,
      citations: sink.citations,
      confidence: serviceConfidence(guess.margin, guess.keywordMatched, known),
      outOfScope: false,
      topic: { service: service.id, ...(aspect ? { aspect } : {}) },
      ...sourceOf(),
    };
  }

  function answerTopic(
    dialogue: DialogueTopic,
    opts: { lang: Language; view?: View; now?: Date },
  ): Answer {
    const { lang } = opts;
    const view = opts.view ?? "operator";
    const service = catalogue.getService(dialogue.service);
    if (!service) return answerExtractive("", { lang });
    const sink = new CitationSink(catalogue, lang, view === "operator");
    const text = composeServiceAnswer({
      catalogue,
      service,
      lang,
      intents: dialogue.aspect ? intentsOf(dialogue.aspect) : [],
      hits: [],
      t,
      sink,
      index,
      query: index.analyseQuery(""),
      serviceCovered: new Set(),
      intentCovered: new Map(),
      now: opts.now ?? clock(),
      admissionWindowOverrides: windowOverrides(),
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

  /** Passages for the model: fused lexical+dense when embeddings are configured. */
  async function generationHits(question: string, extractive: Answer): Promise<SearchHit[]> {
    if (!hasEmbeddings)
      return index.search(question, { limit: 6, preferService: extractive.service });
    const docs = await (await loadRetriever()).invoke(question);
    return docs.flatMap((doc) => {
      const passage = passageById.get(doc.metadata.id);
      return passage
        ? [
            {
              passage,
              score: doc.metadata.score,
              matchedTerms: doc.metadata.matchedTerms,
              highlights: doc.metadata.highlights,
            },
          ]
        : [];
    });
  }

  return {
    index,
    catalogue,
    analyse: (query) => index.analyseQuery(query),
    search: (query, opts) => index.search(query, opts),
    answerExtractive,
    answerTopic,
    retriever: loadRetriever,
    async answer(question, opts = {}) {
      const extractive = answerExtractive(question, opts);
      if (!generator || extractive.outOfScope || extractive.repealed || extractive.service === null)
        return extractive;
      try {
        const hits = await generationHits(question, extractive);
        const generated = await generator.generate(question, extractive, hits);
        const refOf = (n: number) => generated.passages[n - 1];
        const text = generated.text.replace(/\s*\[(\d+)\]/g, (_, n: string) => {
          const passage = refOf(Number(n));
          const ref = passage?.refs[0];
          return ref ? ` [${inlineCitation(catalogue, ref, extractive.lang)}]` : "";
        });
        const citations = generated.cited.flatMap((n) => {
          const passage = refOf(n);
          const ref = passage?.refs[0];
          return passage && ref
            ? [renderCitation(catalogue, ref, extractive.lang, passage.status)]
            : [];
        });
        return { ...extractive, answer: text, citations, mode: "generated" };
      } catch (error) {
        logger.warn(
          { err: error instanceof Error ? error.message : String(error) },
          "answers: generation failed, extractive fallback",
        );
        return extractive;
      }
    },
  };
}
