import type { Catalogue } from "./catalogue.ts";

/** A phrasing an administrator approved: one more term of an existing synonym group. */
export interface SynonymAddition {
  /** The id of a group in `synonyms.yaml`. */
  group: string;
  term: string;
}

/**
 * The catalogue with the approved phrasings merged into its synonym groups. Additions to a
 * group the catalogue no longer has, and terms the group already holds, are left out (and
 * returned as `skipped`); the files in `knowledge/` are never written.
 */
export function withSynonymAdditions(
  catalogue: Catalogue,
  additions: readonly SynonymAddition[],
): { catalogue: Catalogue; skipped: SynonymAddition[] } {
  if (additions.length === 0) return { catalogue, skipped: [] };
  const groups = catalogue.synonyms.groups.map((group) => ({ ...group, terms: [...group.terms] }));
  const byId = new Map(groups.map((group) => [group.id, group]));
  const skipped: SynonymAddition[] = [];
  for (const addition of additions) {
    const group = byId.get(addition.group);
    const term = addition.term.trim();
    const known = group?.terms.some((t) => t.toLowerCase() === term.toLowerCase());
    if (!group || !term || known) skipped.push(addition);
    else group.terms.push(term);
  }
  return { catalogue: { ...catalogue, synonyms: { ...catalogue.synonyms, groups } }, skipped };
}
