import type { Language } from "../i18n.ts";
import type { Catalogue } from "../knowledge/catalogue.ts";
import type { Citation, SectionRef } from "../search/passage.ts";
import { inlineCitation, renderCitation } from "../search/passages.ts";

export const isCurrent = (status: string) => status === "current" || status === "unverified";

/**
 * Collects the citations of the facts put into one answer, without duplicates. In the
 * operator's view every fact carries its inline marker; in the parent's view facts carry none
 * and the answer ends with one compact source line (`sourceLine`).
 */
export class CitationSink {
  private readonly list: Citation[] = [];
  private readonly keys = new Set<string>();
  private first: SectionRef | undefined;

  constructor(
    private readonly catalogue: Catalogue,
    private readonly lang: Language,
    private readonly inline = true,
  ) {}

  /**
   * Cites a fact: returns the inline marker (none in the parent's view) and records the
   * citations. A current fact is never backed by a repealed source when it has another reference.
   */
  cite(refs: readonly SectionRef[], status = "current"): string {
    let usable = [...refs];
    if (isCurrent(status)) {
      const inForce = refs.filter(
        (ref) => this.catalogue.getSource(ref.source)?.legalStatus.status !== "repealed",
      );
      if (inForce.length > 0) usable = inForce;
    }
    usable = usable.slice(0, 2);
    for (const ref of usable) {
      const citation = renderCitation(this.catalogue, ref, this.lang, status);
      const key = `${citation.source}#${citation.section}#${citation.status}`;
      if (this.keys.has(key)) continue;
      this.keys.add(key);
      this.list.push(citation);
    }
    const first = usable[0];
    if (first && !this.first && status === "current") this.first = first;
    return first && this.inline ? ` [${inlineCitation(this.catalogue, first, this.lang)}]` : "";
  }

  get citations(): Citation[] {
    return this.list;
  }

  /** The first fact's source, the one a parent's answer names. */
  get leadRef(): SectionRef | undefined {
    return this.first;
  }
}

/** One compact source for a parent: "Приказ № 223 от 27.05.2020, приложение 4" and its link. */
export type SourceLine = { label: string; url?: string };

const adiletLanguage: Record<Language, string> = { kk: "kaz", ru: "rus" };

/**
 * The act and the first part of the locator (the annex or item), and a link to the act on
 * adilet.zan.kz in the parent's language when the catalogue records an adilet address.
 */
export function sourceLine(catalogue: Catalogue, ref: SectionRef, lang: Language): SourceLine {
  const label = inlineCitation(catalogue, ref, lang).split(", ").slice(0, 2).join(", ");
  const source = catalogue.getSource(ref.source);
  const adilet = source?.urls.find((url) => /^https:\/\/adilet\.zan\.kz\//.test(url));
  const url = adilet?.replace(
    /^https:\/\/adilet\.zan\.kz\/(kaz|rus|eng)\/docs\/([^/]+).*$/,
    `https://adilet.zan.kz/${adiletLanguage[lang]}/docs/$2`,
  );
  return url ? { label, url } : { label };
}
