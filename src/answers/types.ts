/**
 * The answers' shared types: what a transport passes with a question and what it gets back.
 * `service.ts` (the pipeline) and `generate.ts` (the model) both build on them, so neither
 * imports the other for a type.
 */
import type { Language } from "../i18n.ts";
import type { Citation, SearchHit } from "../search/passage.ts";
import type { SourceLine } from "./citations.ts";
import type { Conversation } from "./conversation.ts";
import type { Aspect, DialogueTopic } from "./dialogue.ts";
import type { View } from "./fields.ts";

/**
 * What a message is: a service question, or one of the things that must not be answered as a
 * service (out of scope, a repealed act, someone else's personal data, another body's question,
 * small talk, a request for a person), or unclear (ask which service).
 */
export type AnswerIntent =
  | "service"
  | "out_of_scope"
  | "repealed"
  | "others_data"
  | "other_body"
  | "small_talk"
  | "person"
  | "clarify";

/** What the bot, the console and the CLI get back for a question. */
export type Answer = {
  answer: string;
  lang: Language;
  /** Catalogue service id, or null (out of scope, repealed-act notice, unclear). */
  service: string | null;
  citations: Citation[];
  /** 0..1 */
  confidence: number;
  outOfScope: boolean;
  /** True when the question is about a repealed act and the answer says so. */
  repealed?: boolean;
  /** What the message was; absent only from answers built outside this service. */
  intent?: AnswerIntent;
  /** "extractive" or "generated" (LLM). */
  mode?: "extractive" | "generated";
  hits?: SearchHit[];
  /**
   * The topic after this answer: the service answered about and the aspect asked. A transport
   * keeps it and passes it back with the next question, so a follow-up naming no service
   * ("а сколько ждать?") is answered about the same service.
   */
  topic?: DialogueTopic;
  /** True when the service came from the topic, not from the question. */
  followUp?: boolean;
  /** The question names no service and the topic does not settle it: ask which one, offering these. */
  clarify?: string[];
  /** With `clarify`: the aspect asked, to answer once the parent picks a service. */
  aspect?: Aspect;
  /** Conversation, not a question: a greeting, thanks, a request for a person... */
  conversation?: Conversation;
  /** In the parent's view: the one source line (act, annex or item, adilet link). */
  source?: SourceLine;
};

/** What a transport passes with a question. */
export type AnswerOptions = {
  lang?: Language;
  /** The conversation's topic so far (see `Answer.topic`). */
  topic?: DialogueTopic;
  /** The moment of the question (the transport's clock); defaults to the service's clock. */
  now?: Date;
  /**
   * `parent` (the bot): the asked fact first, settled facts only, no inline citations and one
   * `source` line; `operator` (console, CLI; the default): caveats and a citation per fact.
   */
  view?: View;
  /** Set on the second pass of a follow-up (the topic's name appended): no third pass. */
  followUpOf?: string;
};

/** Minimal logger contract (pino's methods). */
export type AnswerLogger = {
  warn(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
};

/** Plain options so that the factory works with or without src/config.ts. */
export type AnswerConfig = {
  OPENAI_API_KEY?: string | undefined;
  OPENAI_BASE_URL?: string | undefined;
  OPENAI_MODEL?: string | undefined;
  OPENAI_EMBEDDINGS_MODEL?: string | undefined;
  OPENAI_TIMEOUT_MS?: number | undefined;
};
