import { createWorkingTime, type WorkingTime } from "../calendar/working-time.ts";
import type { AdmissionWindowOverride } from "../knowledge/admission-windows.ts";
import type { Catalogue } from "../knowledge/catalogue.ts";
import type { Service, Source } from "../knowledge/schemas.ts";
import { stems } from "../search/analyse.ts";
import { PassageIndex } from "../search/index.ts";
import type { Passage } from "../search/passage.ts";
import { buildPassages } from "../search/passages.ts";
import type { QoldauRetriever } from "../search/retriever.ts";
import type { Synonyms } from "../search/synonyms.ts";
import { ConversationDetector } from "./conversation.ts";
import { IntentDetector, ServiceDetector, TopicDetector, TypedIntentDetector } from "./detect.ts";
import { createGenerator, type GenerationOptions, type Generator } from "./generate.ts";
import type { Translate } from "./messages.ts";
import { createTriage } from "./triage.ts";
import { TypedPhraseMatcher } from "./typed-words.ts";
import type { AnswerConfig, AnswerLogger } from "./types.ts";

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
  /** The answers' messages from the app's one Fluent loader (`answerMessages(deps.i18n)`). */
  messages: Translate;
};

/**
 * Everything built once per catalogue that the steps of an answer read: the index, the
 * detectors, the messages and the clock. Built by `createAnswerContext`, never per question.
 */
export type AnswerContext = {
  catalogue: Catalogue;
  logger: AnswerLogger;
  index: PassageIndex;
  t: Translate;
  services: ServiceDetector;
  intents: IntentDetector;
  topics: TopicDetector;
  triage: ReturnType<typeof createTriage>;
  conversations: ConversationDetector;
  typedIntents: TypedIntentDetector;
  /** Words that send a family to the first step (ПМПК) whatever else they ask. */
  firstStepCues: TypedPhraseMatcher<true>;
  firstStepService: Service | undefined;
  /** The stems each service is called by: "школа" names home schooling as much as a special school. */
  ownWords: Map<string, Set<string>>;
  workingTime: WorkingTime;
  repealedSources: Source[];
  passageById: Map<string, Passage>;
  windowOverrides: () => readonly AdmissionWindowOverride[];
  clock: () => Date;
  hasEmbeddings: boolean;
  loadRetriever: () => Promise<QoldauRetriever>;
  generator: Generator | null;
};

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

const silentLogger: AnswerLogger = { warn: () => {}, debug: () => {} };

export function createAnswerContext(options: AnswerServiceOptions): AnswerContext {
  const { catalogue } = options;
  const logger = options.logger ?? silentLogger;
  const synonyms = options.synonyms ?? catalogue.synonyms;
  const index = new PassageIndex(buildPassages(catalogue), synonyms);
  const t: Translate = options.messages;
  const firstStepCues = new TypedPhraseMatcher<true>();
  for (const cue of synonyms.firstStep?.cues ?? []) firstStepCues.add(cue, true);
  const firstStepService = synonyms.firstStep
    ? catalogue.getService(synonyms.firstStep.service)
    : undefined;
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
  const config = options.config ?? {};
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
  return {
    catalogue,
    logger,
    index,
    t,
    services: new ServiceDetector(catalogue, synonyms),
    intents: new IntentDetector(synonyms),
    topics: new TopicDetector(synonyms),
    triage: createTriage({ catalogue }),
    conversations: new ConversationDetector(synonyms),
    typedIntents: new TypedIntentDetector(synonyms),
    firstStepCues,
    firstStepService,
    ownWords,
    workingTime: createWorkingTime(catalogue.calendar, catalogue.workingHours),
    repealedSources: catalogue.sources.filter((s) => s.legalStatus.status === "repealed"),
    passageById: new Map(index.passages.map((p) => [p.id, p])),
    windowOverrides: options.admissionWindowOverrides ?? (() => []),
    clock: options.now ?? (() => new Date()),
    hasEmbeddings: Boolean(config.OPENAI_API_KEY && config.OPENAI_EMBEDDINGS_MODEL),
    loadRetriever,
    generator,
  };
}
