import type { Catalogue } from "../knowledge/catalogue.ts";
import type { Service } from "../knowledge/schemas.ts";
import { stems } from "../search/analyse.ts";
import type { AnalysedQuery, PassageIndex } from "../search/index.ts";
import type { SearchHit } from "../search/passage.ts";
import {
  type Intent,
  intentIds,
  PhraseMatcher,
  type QueryWord,
  type Synonyms,
} from "../search/synonyms.ts";
import { TypedPhraseMatcher, typedWords } from "./typed-words.ts";

export type ServiceGuess = {
  service: Service | null;
  /** 0..1: how clearly the winner beats the rest. */
  margin: number;
  /** Score of the winner (keyword matches + retrieval share). */
  score: number;
  keywordMatched: boolean;
  /** How many query words the winner's cue phrases cover. */
  cueWords: number;
  /** Query positions covered by the winner's cue phrases. */
  covered: Set<number>;
};

/**
 * Finds which service a question is about: cue phrases from each card (short names, keywords)
 * plus the share of the retrieval score each service gets among the top hits.
 */
export class ServiceDetector {
  private readonly cues = new PhraseMatcher();

  constructor(
    private readonly catalogue: Catalogue,
    synonyms: Synonyms,
  ) {
    const cueTexts = catalogue.services.map((service) => [
      service.shortName.kk,
      service.shortName.ru,
      ...service.keywords.kk,
      ...service.keywords.ru,
    ]);
    cueTexts.forEach((texts, index) => {
      for (const text of texts) this.cues.add(text, index);
    });
    // A synonym group that contains a cue of exactly one service lends that service all its words.
    const key = (text: string) => stems(text).join(" ");
    const owners = new Map<string, Set<number>>();
    cueTexts.forEach((texts, index) => {
      for (const text of texts) {
        const set = owners.get(key(text)) ?? new Set<number>();
        set.add(index);
        owners.set(key(text), set);
      }
    });
    for (const group of synonyms.groups) {
      const services = new Set<number>();
      for (const term of group.terms) for (const i of owners.get(key(term)) ?? []) services.add(i);
      if (services.size !== 1) continue;
      const [index] = [...services] as [number];
      for (const term of group.terms) this.cues.add(term, index);
    }
  }

  detect(query: AnalysedQuery, hits: SearchHit[]): ServiceGuess {
    const scores = new Map<number, number>();
    const byId = new Map(this.catalogue.services.map((s, i) => [s.id, i]));
    const matches = this.cues.match(query.typed);
    for (const [index, covered] of matches) {
      // More query words covered by the card's cue phrases is stronger evidence.
      scores.set(index, 0.6 + 0.2 * Math.min(covered.size, 4));
    }
    const top = hits[0]?.score ?? 0;
    if (top > 0) {
      const seen = new Set<string>();
      for (const hit of hits) {
        const id = hit.passage.serviceId;
        if (!id || seen.has(`${id}:${hit.passage.field ?? hit.passage.id}`)) continue;
        seen.add(`${id}:${hit.passage.field ?? hit.passage.id}`);
        const index = byId.get(id);
        if (index === undefined) continue;
        scores.set(index, (scores.get(index) ?? 0) + (hit.score / top) * 0.7);
      }
    }
    const ranked = [...scores].sort((a, b) => b[1] - a[1]);
    // A longer cue over the same words is the more precise reading: "коррекционная школа"
    // (special school) over "коррекция" (rehabilitation), whatever the retrieval scores say.
    const [top0, top1] = ranked;
    const topCues = top0 ? matches.get(top0[0]) : undefined;
    const nextCues = top1 ? matches.get(top1[0]) : undefined;
    if (top0 && top1 && topCues && nextCues && nextCues.size > topCues.size)
      if ([...topCues].every((p) => nextCues.has(p))) {
        ranked[0] = [top1[0], top0[1]];
        ranked[1] = [top0[0], top1[1]];
      }
    const [first, second] = ranked;
    if (!first)
      return {
        service: null,
        margin: 0,
        score: 0,
        keywordMatched: false,
        cueWords: 0,
        covered: new Set(),
      };
    const margin = second ? (first[1] - second[1]) / first[1] : 1;
    return {
      service: this.catalogue.services[first[0]] ?? null,
      margin,
      score: first[1],
      keywordMatched: matches.has(first[0]),
      cueWords: matches.get(first[0])?.size ?? 0,
      covered: matches.get(first[0]) ?? new Set(),
    };
  }
}

/** Which card fields a question asks about, from the cue words in `knowledge/synonyms.yaml`. */
export class IntentDetector {
  private readonly matcher = new PhraseMatcher();

  constructor(synonyms: Synonyms) {
    intentIds.forEach((intent, index) => {
      for (const cue of synonyms.intents[intent] ?? []) this.matcher.add(cue, index);
    });
  }

  detect(typed: readonly QueryWord[]): Intent[] {
    const found = this.matcher.match(typed);
    return [...found.keys()].sort((a, b) => a - b).map((index) => intentIds[index] as Intent);
  }

  /** Query positions taken by intent cues ("документы", "срок"): they name no service. */
  covered(typed: readonly QueryWord[]): Set<number> {
    const out = new Set<number>();
    for (const positions of this.matcher.match(typed).values())
      for (const p of positions) out.add(p);
    return out;
  }

  /** Query positions of each intent's cues. */
  coveredBy(typed: readonly QueryWord[]): Map<Intent, Set<number>> {
    const out = new Map<Intent, Set<number>>();
    for (const [index, positions] of this.matcher.match(typed))
      out.set(intentIds[index] as Intent, positions);
    return out;
  }
}

/**
 * Intents on the words as typed: every intent cue (the search analyser drops "куда", "где" as
 * stop words) plus the cues that need a negation (`typedIntents`: "не ответили"). Used where a
 * question names no service and only its aspect decides what to answer.
 */
export class TypedIntentDetector {
  private readonly matcher = new TypedPhraseMatcher<Intent>();

  constructor(synonyms: Synonyms) {
    for (const intent of intentIds)
      for (const cue of [
        ...(synonyms.intents[intent] ?? []),
        ...(synonyms.typedIntents[intent] ?? []),
      ])
        this.matcher.add(cue, intent);
  }

  detect(text: string): Intent[] {
    const found = this.matcher.match(typedWords(text));
    return intentIds.filter((intent) => found.has(intent));
  }
}

/** Out-of-scope topics named in `knowledge/synonyms.yaml`. */
export class TopicDetector {
  private readonly matcher = new PhraseMatcher();

  constructor(private readonly synonyms: Synonyms) {
    synonyms.outOfScope.forEach((topic, index) => {
      for (const term of topic.terms) this.matcher.add(term, index);
    });
  }

  /** Topic ids found, and how many query words they cover. */
  detect(typed: readonly QueryWord[]): { topics: string[]; words: number } {
    const found = this.matcher.match(typed);
    const covered = new Set<number>();
    for (const positions of found.values()) for (const p of positions) covered.add(p);
    return {
      topics: [...found.keys()].map((index) => this.synonyms.outOfScope[index]?.id ?? ""),
      words: covered.size,
    };
  }
}

/** Query stems that exist in the corpus: a low share means the question is about something else. */
export function coverage(query: AnalysedQuery, index: PassageIndex): number {
  if (query.typed.length === 0) return 0;
  let known = 0;
  for (const word of query.typed) if (index.knows(word.stem)) known += 1;
  return known / query.typed.length;
}
