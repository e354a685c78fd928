import { Document } from "@langchain/core/documents";
import type { EmbeddingsInterface } from "@langchain/core/embeddings";
import { BaseRetriever, type BaseRetrieverInput } from "@langchain/core/retrievers";
import type { PassageIndex, SearchOptions } from "./index.ts";
import type { Citation, Passage, SearchHit } from "./passage.ts";

/** Metadata of every document the retriever returns. */
export type PassageMetadata = {
  id: string;
  score: number;
  lexicalRank: number | null;
  denseRank: number | null;
  serviceId: string | null;
  lang: string;
  kind: Passage["kind"];
  field: string | null;
  current: boolean;
  citation: Citation;
  matchedTerms: string[];
  highlights: Array<[number, number]>;
};

/**
 * Reciprocal rank fusion: each list adds 1 / (k + rank) to an id; ids found by several
 * retrievers rise. k = 60 as in Cormack et al. (2009).
 */
export function reciprocalRankFusion(lists: readonly string[][], k = 60): Map<string, number> {
  const fused = new Map<string, number>();
  for (const list of lists)
    list.forEach((id, rank) => {
      fused.set(id, (fused.get(id) ?? 0) + 1 / (k + rank + 1));
    });
  return fused;
}

function cosine(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i += 1) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

export type QoldauRetrieverInput = BaseRetrieverInput & {
  index: PassageIndex;
  /** Documents returned. */
  k?: number;
  /** When set, dense results are fused with the lexical ones. */
  embeddings?: EmbeddingsInterface | undefined;
  searchOptions?: SearchOptions;
};

/**
 * LangChain retriever over the passage index: BM25 alone, or BM25 fused with dense vectors
 * (reciprocal rank fusion) when an embeddings model is configured. Passage vectors are computed
 * once, on first use, and kept in memory.
 */
export class QoldauRetriever extends BaseRetriever<PassageMetadata> {
  lc_namespace = ["qoldau", "retrievers"];
  static override lc_name() {
    return "QoldauRetriever";
  }

  private readonly index: PassageIndex;
  private readonly k: number;
  private readonly embeddings: EmbeddingsInterface | undefined;
  private readonly searchOptions: SearchOptions;
  private vectors: Promise<number[][]> | undefined;

  constructor(fields: QoldauRetrieverInput) {
    super(fields);
    this.index = fields.index;
    this.k = fields.k ?? 5;
    this.embeddings = fields.embeddings;
    this.searchOptions = fields.searchOptions ?? {};
  }

  private passageVectors(): Promise<number[][]> {
    if (!this.embeddings) return Promise.resolve([]);
    this.vectors ??= this.embeddings
      .embedDocuments(this.index.passages.map((p) => `${p.title}\n${p.text}`))
      .catch((error: unknown) => {
        this.vectors = undefined;
        throw error;
      });
    return this.vectors;
  }

  /** Dense ranking of passage indexes for a query. */
  private async dense(query: string, limit: number): Promise<number[]> {
    if (!this.embeddings) return [];
    const [vectors, queryVector] = await Promise.all([
      this.passageVectors(),
      this.embeddings.embedQuery(query),
    ]);
    return vectors
      .map((vector, i) => ({ i, score: cosine(vector, queryVector) }))
      .sort((a, b) => b.score - a.score)
      .slice(0, limit)
      .map((x) => x.i);
  }

  override async _getRelevantDocuments(query: string): Promise<Document<PassageMetadata>[]> {
    const pool = this.k * 4;
    const lexical = this.index.search(query, { ...this.searchOptions, limit: pool });
    const lexicalIds = lexical.map((h) => h.passage.id);
    const byId = new Map<string, { passage: Passage; hit?: SearchHit }>();
    for (const hit of lexical) byId.set(hit.passage.id, { passage: hit.passage, hit });
    let denseIds: string[] = [];
    if (this.embeddings) {
      const ranked = await this.dense(query, pool);
      for (const i of ranked) {
        const passage = this.index.passages[i] as Passage;
        if (!byId.has(passage.id)) byId.set(passage.id, { passage });
      }
      denseIds = ranked.map((i) => (this.index.passages[i] as Passage).id);
    }
    const fused = this.embeddings
      ? reciprocalRankFusion([lexicalIds, denseIds])
      : new Map(lexical.map((h) => [h.passage.id, h.score]));
    const ranked = [...fused]
      .map(([id, score]) => {
        const entry = byId.get(id) as { passage: Passage; hit?: SearchHit };
        // History stays findable but never outranks the rule in force.
        return { entry, score: entry.passage.current ? score : score * 0.5 };
      })
      .sort((a, b) => b.score - a.score)
      .slice(0, this.k);
    return ranked.map(
      ({ entry, score }) =>
        new Document<PassageMetadata>({
          pageContent: entry.passage.text,
          id: entry.passage.id,
          metadata: {
            id: entry.passage.id,
            score,
            lexicalRank:
              lexicalIds.indexOf(entry.passage.id) >= 0
                ? lexicalIds.indexOf(entry.passage.id) + 1
                : null,
            denseRank:
              denseIds.indexOf(entry.passage.id) >= 0
                ? denseIds.indexOf(entry.passage.id) + 1
                : null,
            serviceId: entry.passage.serviceId,
            lang: entry.passage.lang,
            kind: entry.passage.kind,
            field: entry.passage.field ?? null,
            current: entry.passage.current,
            citation: entry.passage.citation,
            matchedTerms: entry.hit?.matchedTerms ?? [],
            highlights: entry.hit?.highlights ?? [],
          },
        }),
    );
  }
}
