import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { z } from "zod";
import { analyse, stems } from "./analyse.ts";

/** The intents a question can have: which field of a service card it asks about. */
export const intentIds = [
  "documents",
  "term",
  "fee",
  "result",
  "channels",
  "refusal",
  "hours",
  "steps",
  "contacts",
  "provider",
] as const;
export type Intent = (typeof intentIds)[number];

/** One set of interchangeable words (synonyms, abbreviations, translations kk↔ru). */
export const synonymGroupSchema = z.object({
  /** Stable kebab-case id, for logs and tests. */
  id: z.string().regex(/^[a-z0-9-]+$/),
  /** Words or phrases, any language or script; at least two. */
  terms: z.array(z.coerce.string().min(1)).min(2),
});

/** Out-of-scope topic: words that mark a question Qoldau should redirect. */
export const outOfScopeTopicSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  terms: z.array(z.coerce.string().min(1)).min(1),
});

/** Contract of `knowledge/synonyms.yaml`. */
export const synonymsSchema = z.object({
  groups: z.array(synonymGroupSchema),
  /** Cue words for each intent; the composer shows those card fields first. */
  intents: z.partialRecord(z.enum(intentIds), z.array(z.coerce.string().min(1))),
  outOfScope: z.array(outOfScopeTopicSchema).default([]),
});
export type Synonyms = z.infer<typeof synonymsSchema>;

export function loadSynonyms(path = new URL("../../knowledge/synonyms.yaml", import.meta.url)) {
  const raw: unknown = parse(readFileSync(path, "utf8"));
  const parsed = synonymsSchema.safeParse(raw);
  if (!parsed.success) throw new Error("Invalid knowledge/synonyms.yaml", { cause: parsed.error });
  return parsed.data;
}

export type WeightedStem = { stem: string; weight: number; origin: "query" | "synonym" | "typo" };

/** Weight of the prefix key relative to the stem of the same word. */
export const prefixWeight = 0.5;

type Phrase = { stems: string[]; owner: number };

/** Finds phrases (as stem sequences) inside a stemmed query. */
export class PhraseMatcher {
  private readonly byFirst = new Map<string, Phrase[]>();

  add(text: string, owner: number): void {
    const phraseStems = stems(text);
    const first = phraseStems[0];
    if (first === undefined) return;
    const list = this.byFirst.get(first) ?? [];
    list.push({ stems: phraseStems, owner });
    this.byFirst.set(first, list);
  }

  /** Owners whose phrases occur in the query, with the query positions they cover. */
  match(queryStems: readonly string[]): Map<number, Set<number>> {
    const found = new Map<number, Set<number>>();
    queryStems.forEach((first, start) => {
      for (const phrase of this.byFirst.get(first) ?? []) {
        const fits = phrase.stems.every((s, offset) => queryStems[start + offset] === s);
        if (!fits) continue;
        const covered = found.get(phrase.owner) ?? new Set<number>();
        for (let i = 0; i < phrase.stems.length; i += 1) covered.add(start + i);
        found.set(phrase.owner, covered);
      }
    });
    return found;
  }

  vocabulary(): Set<string> {
    const vocab = new Set<string>();
    for (const list of this.byFirst.values())
      for (const phrase of list) for (const s of phrase.stems) vocab.add(s);
    return vocab;
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
  groupsIn(queryStems: readonly string[]): string[] {
    return [...this.matcher.match(queryStems).keys()].map(
      (index) => this.synonyms.groups[index]?.id ?? "",
    );
  }

  /** `typedStems` drive phrase matching; `query` holds every weighted key already in the query. */
  expand(query: readonly WeightedStem[], typedStems: readonly string[]): WeightedStem[] {
    const out = new Map<string, WeightedStem>();
    for (const item of query) {
      const prev = out.get(item.stem);
      if (!prev || prev.weight < item.weight) out.set(item.stem, item);
    }
    const matches = this.matcher.match(typedStems);
    for (const index of matches.keys()) {
      for (const { key, weight } of this.groupKeys[index] ?? []) {
        if (out.has(key)) continue;
        out.set(key, { stem: key, weight, origin: "synonym" });
      }
    }
    return [...out.values()];
  }
}
