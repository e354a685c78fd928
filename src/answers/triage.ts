import type { Language } from "../i18n.ts";
import type { Catalogue } from "../knowledge/catalogue.ts";
import type { Conversation } from "../knowledge/conversation.ts";
import { CitationSink } from "./citations.ts";
import { MessageGuards } from "./guards.ts";
import type { Answer } from "./types.ts";

/** What the first look at a message found: a refusal to give, or a conversation to reply to. */
export type Triaged =
  | { intent: "others_data"; answer: Answer }
  | { intent: "person" | "small_talk" };

/**
 * Messages answered without a service card: someone else's personal data (refused, citing the
 * personal-data law), a request for a person, small talk, and another body's question.
 */
export function createTriage(options: { catalogue: Catalogue; conversation?: Conversation }) {
  const { catalogue } = options;
  const conversation = options.conversation ?? catalogue.conversation;
  const guards = new MessageGuards(conversation);
  const plain = (lang: Language, text: string, intent: Answer["intent"]): Answer => ({
    answer: text,
    lang,
    service: null,
    citations: [],
    confidence: 0.9,
    outOfScope: false,
    intent,
    mode: "extractive",
  });

  return {
    guards,
    /**
     * Before any search: these messages must never be matched to a service. Someone else's
     * data is refused here; a request for a person and small talk are only recognised (the
     * reply is the conversation's, `conversation.ts`, with the contact centre's hours).
     */
    before(question: string, lang: Language): Triaged | null {
      if (guards.isOthersData(question)) {
        const sink = new CitationSink(catalogue, lang);
        const refusal = conversation.othersDataRefusal;
        return {
          intent: "others_data",
          answer: {
            ...plain(lang, `${refusal.text[lang]}${sink.cite(refusal.citations)}`, "others_data"),
            citations: sink.citations,
            outOfScope: true,
          },
        };
      }
      if (guards.isPersonRequest(question)) return { intent: "person" };
      if (guards.smallTalkKind(question)) return { intent: "small_talk" };
      return null;
    },
    /**
     * After service detection: another body's topic wins when its cues cover at least as many
     * words as the cues of the service found, and more when that service is itself a redirect
     * card (the card is the more precise answer: "возмещение затрат на обучение на дому").
     */
    otherBody(
      question: string,
      lang: Language,
      found: { cueWords: number; redirectCard: boolean },
    ): Answer | null {
      const body = guards.otherBody(question);
      if (!body) return null;
      if (body.words < found.cueWords || (found.redirectCard && body.words === found.cueWords))
        return null;
      const sink = new CitationSink(catalogue, lang);
      const text = `${body.body.text[lang]}${sink.cite(body.body.citations)}`;
      return {
        ...plain(lang, text, "other_body"),
        citations: sink.citations,
        confidence: 0.8,
        outOfScope: true,
      };
    },
  };
}

/** The intent of an answer built by the older paths, read from its flags. */
export function withIntent(answer: Answer): Answer {
  if (answer.intent) return answer;
  const intent = answer.repealed
    ? "repealed"
    : answer.outOfScope
      ? answer.service
        ? "other_body"
        : "out_of_scope"
      : answer.service === null
        ? "clarify"
        : "service";
  return { ...answer, intent };
}
