import type { WorkingTime } from "../calendar/working-time.ts";
import type { Language } from "../i18n.ts";
import type { WorkingHours } from "../knowledge/schemas.ts";
import { type ConversationKind, conversationKinds, type Synonyms } from "../search/synonyms.ts";
import { formatShortDate, localDate, localTime, weekdayRange } from "../time/local-time.ts";
import type { Translate } from "./messages.ts";
import { TypedPhraseMatcher, typedWords } from "./typed-words.ts";

/** What a message is when it is conversation rather than a question about a service. */
export type Conversation = Exclude<ConversationKind, "filler">;

/**
 * Recognises greetings, thanks, goodbyes, "who are you", "are you a robot", "I don't
 * understand" and a request for a person, from the cue words in `knowledge/synonyms.yaml`
 * (section `conversation`), on the words as typed.
 */
export class ConversationDetector {
  private readonly cues = new TypedPhraseMatcher<Conversation>();
  private readonly fillers: Set<string>;

  constructor(synonyms: Synonyms) {
    for (const kind of conversationKinds) {
      if (kind === "filler") continue;
      for (const cue of synonyms.conversation[kind] ?? []) this.cues.add(cue, kind);
    }
    this.fillers = new Set((synonyms.conversation.filler ?? []).flatMap(typedWords));
  }

  /**
   * A request for a person anywhere in the message wins; small talk only when its cues and
   * filler words are the whole message, so "здравствуйте, какие документы нужны?" is a question.
   */
  detect(text: string): Conversation | null {
    const typed = typedWords(text);
    const found = this.cues.match(typed);
    if (found.has("person")) return "person";
    if (found.size === 0) return null;
    const covered = new Set([...found.values()].flatMap((positions) => [...positions]));
    if (typed.some((w, i) => !covered.has(i) && !this.fillers.has(w))) return null;
    // "Спасибо, до свидания": the goodbye is what needs an answer; thanks come before greetings.
    const order: Conversation[] = ["bye", "thanks", "confused", "robot", "who", "greeting"];
    return order.find((kind) => found.has(kind)) ?? null;
  }
}

/**
 * The reply to conversation: a short warm sentence; for a request for a person, the contact
 * centre's numbers, its hours and whether it works right now (from the calendar).
 */
export function conversationReply(
  kind: Conversation,
  lang: Language,
  t: Translate,
  hours: WorkingHours,
  workingTime: WorkingTime,
  now: Date,
): string {
  if (kind !== "person") return t(lang, `conversation-${kind}`);
  const state = workingTime.isOfficeOpen(now);
  const next = workingTime.nextWorkingStart(now);
  const status = state.open
    ? t(lang, "conversation-person-open")
    : t(lang, "conversation-person-closed", {
        next: `${formatShortDate(localDate(next), lang)} ${localTime(next)}`,
      });
  return t(lang, "conversation-person", {
    days: weekdayRange(hours.weekdays, lang),
    office: `${hours.office.start}–${hours.office.end}`,
    lunch: `${hours.lunch.start}–${hours.lunch.end}`,
    status,
  });
}
