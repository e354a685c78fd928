import type { Synonyms } from "../knowledge/synonyms.ts";
import { analyse } from "./analyse.ts";

export {
  type ConversationKind,
  conversationKinds,
  type Intent,
  intentIds,
  outOfScopeTopicSchema,
  type Synonyms,
  synonymGroupSchema,
  synonymsSchema,
} from "../knowledge/synonyms.ts";

export type WeightedStem = { stem: string; weight: number; origin: "query" | "synonym" | "typo" };

/** Weight of the prefix key relative to the stem of the same word. */
export const prefixWeight = 0.5;

/** A query word as the matchers see it: its stem and its prefix key. */
export type QueryWord = { stem: string; prefix: string | null };

type Phrase = { words: QueryWord[]; owner: number };

const sameWord = (a: QueryWord, b: QueryWord) =>
  a.stem === b.stem || (a.prefix !== null && a.prefix === b.prefix);

/** Finds phrases inside an analysed query; a word matches by stem or by prefix key. */
export class PhraseMatcher {
  private readonly byKey = new Map<string, Phrase[]>();
  private readonly stemVocab = new Set<string>();

  add(text: string, owner: number): void {
    const words = analyse(text).map((t) => ({ stem: t.stem, prefix: t.prefix }));
    const first = words[0];
    if (first === undefined) return;
    const phrase = { words, owner };
    for (const key of new Set([first.stem, first.prefix])) {
      if (key === null) continue;
      const list = this.byKey.get(key) ?? [];
      list.push(phrase);
      this.byKey.set(key, list);
    }
    for (const w of words) this.stemVocab.add(w.stem);
  }

  /** Owners whose phrases occur in the query, with the query positions they cover. */
  match(query: readonly QueryWord[]): Map<number, Set<number>> {
    const found = new Map<number, Set<number>>();
    query.forEach((first, start) => {
      const candidates = new Set([
        ...(this.byKey.get(first.stem) ?? []),
        ...(first.prefix ? (this.byKey.get(first.prefix) ?? []) : []),
      ]);
      for (const phrase of candidates) {
        const fits = phrase.words.every((w, offset) => {
          const q = query[start + offset];
          return q !== undefined && sameWord(q, w);
        });
        if (!fits) continue;
        const covered = found.get(phrase.owner) ?? new Set<number>();
        for (let i = 0; i < phrase.words.length; i += 1) covered.add(start + i);
        found.set(phrase.owner, covered);
      }
    });
    return found;
  }

  vocabulary(): Set<string> {
    return new Set(this.stemVocab);
  }
}

/** Expands a stemmed query with the other members of every synonym group it mentions. */
export class SynonymExpander {
  private readonly matcher = new PhraseMatcher();
  private readonly groupKeys: Array<Array<{ key: string; weight: number }>>;

  constructor(
    readonly synonyms: Synonyms,
    expansionWeight = 0.6,
  ) {
    this.groupKeys = synonyms.groups.map((group, index) => {
      const all = new Map<string, number>();
      for (const term of group.terms) {
        this.matcher.add(term, index);
        for (const token of analyse(term)) {
          all.set(token.stem, expansionWeight);
          if (token.prefix && !all.has(token.prefix))
            all.set(token.prefix, expansionWeight * prefixWeight);
        }
      }
      return [...all].map(([key, weight]) => ({ key, weight }));
    });
  }

  vocabulary(): Set<string> {
    return this.matcher.vocabulary();
  }

  /** Group ids found in the query, for explanations and tests. */
  groupsIn(query: readonly QueryWord[]): string[] {
    return [...this.matcher.match(query).keys()].map(
      (index) => this.synonyms.groups[index]?.id ?? "",
    );
  }

  /** `typed` drives phrase matching; `query` holds every weighted key already in the query. */
  expand(query: readonly WeightedStem[], typed: readonly QueryWord[]): WeightedStem[] {
    const out = new Map<string, WeightedStem>();
    for (const item of query) {
      const prev = out.get(item.stem);
      if (!prev || prev.weight < item.weight) out.set(item.stem, item);
    }
    const matches = this.matcher.match(typed);
    for (const index of matches.keys()) {
      for (const { key, weight } of this.groupKeys[index] ?? []) {
        if (out.has(key)) continue;
        out.set(key, { stem: key, weight, origin: "synonym" });
      }
    }
    return [...out.values()];
  }
}
