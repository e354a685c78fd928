import { analyse, indexKeys } from "./analyse.ts";
import type { Passage, SearchHit } from "./passage.ts";
import {
  prefixWeight,
  type QueryWord,
  SynonymExpander,
  type Synonyms,
  type WeightedStem,
} from "./synonyms.ts";

export type SearchOptions = {
  limit?: number;
  /** Only passages in this language. */
  lang?: "kk" | "ru" | "en";
  /** Multiplies the score of passages about this service. */
  preferService?: string | null;
  /** Only passages about this service (or general ones when `includeGeneral`). */
  service?: string | null;
  includeGeneral?: boolean;
  /** When the user asks about history, repealed passages are not demoted. */
  historical?: boolean;
  /** Only passages of this kind. */
  kind?: Passage["kind"];
};

export type AnalysedQuery = {
  terms: WeightedStem[];
  /** Words the user actually typed (after typo correction), without synonyms. */
  typed: QueryWord[];
  synonymGroups: string[];
};

const k1 = 1.2;
const b = 0.75;
const titleWeight = 2;
// Not-current passages stay findable but lose to the rule in force on the same point.
const historyFactor = 0.45;
const commonShare = 0.12;

type Postings = { docs: Int32Array; tfs: Float32Array; idf: number };

function trigrams(stem: string): string[] {
  const padded = `^${stem}$`;
  const out: string[] = [];
  for (let i = 0; i + 3 <= padded.length; i += 1) out.push(padded.slice(i, i + 3));
  return out;
}

/**
 * In-memory BM25 index over passages, with synonym expansion and typo correction against the
 * index vocabulary. Built once per catalogue; `search` allocates only per-query arrays.
 */
export class PassageIndex {
  readonly passages: Passage[];
  private readonly postings = new Map<string, Postings>();
  private readonly docLengths: Float32Array;
  /** k1 · (1 − b + b · length / average length), per document, computed once. */
  private readonly lengthNorm: Float32Array;
  /** Document frequency above which an added (not typed) word is skipped. */
  private readonly commonDf: number;
  private readonly avgLength: number;
  private readonly expander: SynonymExpander;
  private readonly vocab: string[];
  private readonly vocabSet: Set<string>;
  private readonly trigramIndex = new Map<string, number[]>();
  private readonly scores: Float64Array;
  private readonly tokenCache = new Map<number, ReturnType<typeof analyse>>();

  constructor(passages: Passage[], synonyms: Synonyms) {
    this.passages = passages;
    this.expander = new SynonymExpander(synonyms);
    this.docLengths = new Float32Array(passages.length);
    this.scores = new Float64Array(passages.length);
    const building = new Map<string, { docs: number[]; tfs: number[] }>();
    let total = 0;
    passages.forEach((passage, doc) => {
      const tf = new Map<string, number>();
      for (const key of indexKeys(passage.title)) tf.set(key, (tf.get(key) ?? 0) + titleWeight);
      for (const key of indexKeys(passage.text)) tf.set(key, (tf.get(key) ?? 0) + 1);
      let length = 0;
      for (const [term, count] of tf) {
        length += count;
        const entry = building.get(term) ?? { docs: [], tfs: [] };
        entry.docs.push(doc);
        entry.tfs.push(count);
        building.set(term, entry);
      }
      this.docLengths[doc] = length;
      total += length;
    });
    this.avgLength = passages.length > 0 ? total / passages.length : 1;
    this.commonDf = Math.max(200, commonShare * passages.length);
    this.lengthNorm = this.docLengths.map((length) => k1 * (1 - b + (b * length) / this.avgLength));
    const n = passages.length;
    for (const [term, entry] of building) {
      const df = entry.docs.length;
      this.postings.set(term, {
        docs: Int32Array.from(entry.docs),
        tfs: Float32Array.from(entry.tfs),
        idf: Math.log(1 + (n - df + 0.5) / (df + 0.5)),
      });
    }
    this.vocabSet = new Set([...this.postings.keys(), ...this.expander.vocabulary()]);
    this.vocab = [...this.vocabSet];
    this.vocab.forEach((term, id) => {
      if (term.length < 4 || term.startsWith("#") || /^\p{N}+$/u.test(term)) return;
      for (const gram of trigrams(term)) {
        const list = this.trigramIndex.get(gram) ?? [];
        list.push(id);
        this.trigramIndex.set(gram, list);
      }
    });
  }

  /** Whether a stem occurs in some passage (synonym-only words do not count). */
  knows(stem: string): boolean {
    return this.postings.has(stem);
  }

  get size(): number {
    return this.passages.length;
  }

  /** Closest vocabulary stems to an unknown (misspelt) stem, by trigram overlap. */
  private correct(unknown: string): Array<{ stem: string; similarity: number }> {
    if (unknown.length < 4 || /^\p{N}+$/u.test(unknown)) return [];
    const grams = trigrams(unknown);
    const counts = new Map<number, number>();
    for (const gram of grams)
      for (const id of this.trigramIndex.get(gram) ?? []) counts.set(id, (counts.get(id) ?? 0) + 1);
    const out: Array<{ stem: string; similarity: number }> = [];
    for (const [id, shared] of counts) {
      const term = this.vocab[id] ?? "";
      const similarity = (2 * shared) / (grams.length + term.length);
      if (similarity >= 0.55) out.push({ stem: term, similarity });
    }
    return out.sort((x, y) => y.similarity - x.similarity).slice(0, 2);
  }

  analyseQuery(query: string): AnalysedQuery {
    const typed: WeightedStem[] = [];
    const typedWords: QueryWord[] = [];
    for (const token of analyse(query)) {
      const known = this.vocabSet.has(token.stem);
      const corrections = known ? [] : this.correct(token.stem);
      if (corrections.length === 0) {
        typed.push({ stem: token.stem, weight: 1, origin: "query" });
        if (token.prefix) typed.push({ stem: token.prefix, weight: prefixWeight, origin: "query" });
        typedWords.push({ stem: token.stem, prefix: token.prefix });
        continue;
      }
      for (const { stem, similarity } of corrections)
        typed.push({ stem, weight: 0.85 * similarity, origin: "typo" });
      const best = (corrections[0] as { stem: string }).stem;
      typedWords.push({ stem: best, prefix: token.prefix });
    }
    return {
      terms: this.expander.expand(typed, typedWords),
      typed: typedWords,
      synonymGroups: this.expander.groupsIn(typedWords),
    };
  }

  /** A query made of already analysed words (e.g. what is left after removing the service name). */
  queryFromWords(words: readonly QueryWord[]): AnalysedQuery {
    const typed: WeightedStem[] = [];
    for (const word of words) {
      typed.push({ stem: word.stem, weight: 1, origin: "query" });
      if (word.prefix) typed.push({ stem: word.prefix, weight: prefixWeight, origin: "query" });
    }
    return {
      terms: this.expander.expand(typed, words),
      typed: [...words],
      synonymGroups: this.expander.groupsIn(words),
    };
  }

  search(query: string | AnalysedQuery, options: SearchOptions = {}): SearchHit[] {
    const analysed = typeof query === "string" ? this.analyseQuery(query) : query;
    const limit = options.limit ?? 5;
    const scores = this.scores;
    const touched: number[] = [];
    for (const term of analysed.terms) {
      const postings = this.postings.get(term.stem);
      if (!postings) continue;
      // Added words (synonyms, corrections) that occur nearly everywhere cost time and rank nothing.
      if (term.origin !== "query" && postings.docs.length > this.commonDf) continue;
      const { docs, tfs, idf } = postings;
      for (let i = 0; i < docs.length; i += 1) {
        const doc = docs[i] as number;
        const tf = tfs[i] as number;
        const norm = tf + (this.lengthNorm[doc] as number);
        if (scores[doc] === 0) touched.push(doc);
        scores[doc] = (scores[doc] as number) + term.weight * idf * ((tf * (k1 + 1)) / norm);
      }
    }
    // Top-k selection without sorting every touched document.
    const ranked: Array<{ doc: number; score: number }> = [];
    for (const doc of touched) {
      let score = scores[doc] as number;
      scores[doc] = 0;
      const passage = this.passages[doc] as Passage;
      if (options.lang && passage.lang !== options.lang) continue;
      if (options.kind && passage.kind !== options.kind) continue;
      if (options.service !== undefined && passage.serviceId !== options.service) {
        if (!(options.includeGeneral && passage.serviceId === null)) continue;
      }
      if (!passage.current && !options.historical) score *= historyFactor;
      if (options.preferService && passage.serviceId === options.preferService) score *= 1.5;
      if (ranked.length === limit && score <= (ranked[limit - 1] as { score: number }).score)
        continue;
      let at = ranked.length;
      while (at > 0 && (ranked[at - 1] as { score: number }).score < score) at -= 1;
      ranked.splice(at, 0, { doc, score });
      if (ranked.length > limit) ranked.pop();
    }
    const stemSet = new Set(analysed.terms.map((t) => t.stem));
    return ranked.map(({ doc, score }) => this.hit(doc, score, stemSet));
  }

  private hit(doc: number, score: number, stemSet: Set<string>): SearchHit {
    const passage = this.passages[doc] as Passage;
    let tokens = this.tokenCache.get(doc);
    if (!tokens) {
      tokens = analyse(passage.text);
      if (this.tokenCache.size < 5000) this.tokenCache.set(doc, tokens);
    }
    const highlights: Array<[number, number]> = [];
    const matched = new Set<string>();
    for (const token of tokens) {
      if (!stemSet.has(token.stem) && !(token.prefix && stemSet.has(token.prefix))) continue;
      highlights.push([token.start, token.end]);
      matched.add(passage.text.slice(token.start, token.end));
    }
    return {
      passage,
      score: Math.round(score * 1000) / 1000,
      matchedTerms: [...matched],
      highlights,
    };
  }
}
