import type { Language } from "../i18n.ts";
/** Where a fact comes from, as shown after it in an answer. */
export type Citation = {
  /** Source id in the catalogue (e.g. "order-223"). */
  source: string;
  /** Title of the act or notice, with its number. */
  title: string;
  /** Date of the act (ISO yyyy-mm-dd) or "" when the source is undated. */
  date: string;
  /** Legal status of the source: in_force, informational, superseded, repealed... */
  status: string;
  /** Where inside the source: annex, item, table row. */
  locator: string;
  /** Section id inside the source, so that tools can resolve the citation. */
  section?: string;
};

/** A raw reference to a catalogue section, rendered into a {@link Citation} per language. */
export type SectionRef = { source: string; locator: string; note?: string };

/** A citable unit of search: a source section or one fact of a service card. */
export type Passage = {
  id: string;
  kind: "section" | "fact";
  lang: Language | "en";
  /** Service the passage is about, or null for general sections. */
  serviceId: string | null;
  /** For facts: the card field (documents, term, fee...). */
  field?: string;
  title: string;
  text: string;
  /** First citation, rendered in the passage language (for search output). */
  citation: Citation;
  /** Every reference the passage rests on. */
  refs: SectionRef[];
  /** Claim status from the catalogue (current, superseded, repealed, unverified). */
  status: string;
  /** False for repealed or superseded statements: they are history, never the current rule. */
  current: boolean;
};

/** A passage found for a query, with what matched so that consoles can highlight it. */
export type SearchHit = {
  passage: Passage;
  score: number;
  /** Words of the passage text that matched the query (original spelling). */
  matchedTerms: string[];
  /** Character ranges [start, end) in `passage.text` to highlight. */
  highlights: Array<[number, number]>;
};
