import type { Conversation, OtherBody } from "../knowledge/conversation.ts";
import { stem } from "../search/analyse.ts";
import { tokenise } from "../search/normalise.ts";

/** A folded word of a message; stopwords stay, because "вы кто" is made of them. */
type Word = { token: string; stem: string };

export type SmallTalkKind = "greeting" | "thanks" | "goodbye" | "who" | "robot" | "confused";
const smallTalkKinds: readonly SmallTalkKind[] = [
  "confused",
  "who",
  "robot",
  "thanks",
  "goodbye",
  "greeting",
];

function wordsOf(text: string): Word[] {
  return tokenise(text).map(({ token }) => ({ token, stem: stem(token) }));
}

// Same stem, or the message word starts with a cue word of four letters or more ("оператором",
// "соседки"); search's five-letter prefix keys are too loose here ("қызметі" is no "қызметкер").
const same = (word: Word, cue: Word) =>
  word.stem === cue.stem || (cue.token.length >= 4 && word.token.startsWith(cue.token));

/** Cue phrases matched word by word (stem or prefix key), stopwords included. */
class Cues {
  private readonly phrases: Word[][];

  constructor(texts: readonly string[]) {
    this.phrases = texts.map(wordsOf).filter((p) => p.length > 0);
  }

  /** Message positions covered by any cue phrase. */
  cover(words: readonly Word[]): Set<number> {
    const covered = new Set<number>();
    for (let start = 0; start < words.length; start += 1)
      for (const phrase of this.phrases) {
        const fits = phrase.every((cue, i) => {
          const word = words[start + i];
          return word !== undefined && same(word, cue);
        });
        if (!fits) continue;
        for (let i = 0; i < phrase.length; i += 1) covered.add(start + i);
      }
    return covered;
  }
}

// A 12-digit number is how an ИИН/ЖСН is written; nobody needs to give one to Qoldau.
const idNumber = /(?<!\d)\d{12}(?!\d)/;

/**
 * Recognises what must not be searched as a service question: someone else's personal data, a
 * request for a person, small talk, and another body's topic. Word lists are data
 * (`knowledge/conversation.yaml`); the rules here say how they combine.
 */
export class MessageGuards {
  private readonly smallTalk: Array<[SmallTalkKind, Cues]>;
  private readonly fillers: Cues;
  private readonly person: { phrases: Cues; who: Cues; verbs: Cues };
  private readonly others: Record<keyof Conversation["othersData"], Cues>;
  private readonly bodies: Array<{ body: OtherBody; cues: Cues; shared: Cues }>;
  private readonly obtain: Cues;

  constructor(conversation: Conversation) {
    const talk = conversation.smallTalk;
    this.smallTalk = smallTalkKinds.map((kind) => [kind, new Cues(talk[kind])]);
    this.fillers = new Cues(talk.fillers);
    this.person = {
      phrases: new Cues(conversation.person.phrases),
      who: new Cues(conversation.person.who),
      verbs: new Cues(conversation.person.verbs),
    };
    const od = conversation.othersData;
    this.others = {
      others: new Cues(od.others),
      lists: new Cues(od.lists),
      people: new Cues(od.people),
      strong: new Cues(od.strong),
      weak: new Cues(od.weak),
      requests: new Cues(od.requests),
    };
    this.obtain = new Cues(conversation.obtain);
    this.bodies = conversation.otherBodies.map((body) => ({
      body,
      cues: new Cues(body.cues),
      shared: new Cues(body.shared),
    }));
  }

  /**
   * A request for another person's data. Evidence adds up: someone else (a neighbour, a
   * classmate, a teacher: 2), many people (a list: 2; "children": 1), a 12-digit ИИН (2), what
   * identifies a person (ИИН, address, phone, diagnosis, name: 2 each, conclusion or "data": 1;
   * at most 3) and a request to show, give or find (1). It takes someone other than the parent
   * and their own child, an identifying datum and 4 points: "соседка сказала, нужно заключение
   * ВКК" (3) is a question, "покажите заключение ребенка соседки" (4) is not.
   */
  isOthersData(text: string): boolean {
    const words = wordsOf(text);
    const o = this.others;
    const other = o.others.cover(words).size > 0;
    const list = o.lists.cover(words).size > 0;
    const people = o.people.cover(words).size > 0;
    const id = idNumber.test(text);
    const strong = o.strong.cover(words).size;
    const weak = o.weak.cover(words).size;
    const request = o.requests.cover(words).size > 0;
    const datum = Math.min(3, 2 * Math.min(strong, 2) + Math.min(weak, 1)) + (id ? 2 : 0);
    // Whose data: someone named as another person, many people, or people asked about. A parent
    // giving their own ИИН ("мой ИИН 8501…") or mentioning "детей" names nobody else.
    const someoneElse = other || list || (people && request);
    if (!someoneElse || datum === 0) return false;
    const score = (other ? 2 : 0) + (list ? 2 : people ? 1 : 0) + datum + (request ? 1 : 0);
    return score >= 4;
  }

  /**
   * A request for a human: a phrase that says so ("живой человек"), or who ("оператор") with a
   * verb of talking or calling, or who almost alone ("оператор!", "нужен оператор").
   */
  isPersonRequest(text: string): boolean {
    const words = wordsOf(text);
    const p = this.person;
    if (p.phrases.cover(words).size > 0) return true;
    const who = p.who.cover(words);
    if (who.size === 0) return false;
    if (p.verbs.cover(words).size > 0) return true;
    return words.length - who.size <= 1;
  }

  /** Small talk when every word is a small-talk cue or a filler, and one of them is not a filler. */
  smallTalkKind(text: string): SmallTalkKind | null {
    const words = wordsOf(text);
    if (words.length === 0) return null;
    const covered = this.fillers.cover(words);
    let kind: SmallTalkKind | null = null;
    for (const [k, cues] of this.smallTalk) {
      const found = cues.cover(words);
      if (found.size > 0 && kind === null) kind = k;
      for (const p of found) covered.add(p);
    }
    return kind !== null && covered.size === words.length ? kind : null;
  }

  /**
   * The other body whose cues cover most of the message, with how many words its cues and its
   * shared cues cover. A shared cue names the body only when the message asks how to get it
   * ("поликлиника не даёт ВКК"); alone ("врачи сказали…", "есть заключение ВКК") it names none.
   */
  otherBody(text: string): { body: OtherBody; words: number } | null {
    const words = wordsOf(text);
    const obtaining = this.obtain.cover(words).size > 0;
    let best: { body: OtherBody; words: number } | null = null;
    for (const { body, cues, shared } of this.bodies) {
      const own = cues.cover(words);
      const theirs = shared.cover(words);
      if (own.size === 0 && !(obtaining && theirs.size > 0)) continue;
      const all = new Set([...own, ...theirs]);
      if (!best || all.size > best.words) best = { body, words: all.size };
    }
    return best;
  }
}
