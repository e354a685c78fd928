import type { Language } from "../i18n.ts";
import type { Catalogue } from "../knowledge/catalogue.ts";
import type { Service } from "../knowledge/schemas.ts";
import type { SearchHit } from "../search/passage.ts";
import type { CitationSink } from "./citations.ts";
import type { Translate } from "./messages.ts";

/** The services with full cards are the ones named when Qoldau explains what it covers. */
export function inScopeNames(catalogue: Catalogue, lang: Language): string {
  return catalogue.services
    .filter((s) => s.scope === "in_scope" && (s.channels.length > 0 || s.terms.length > 0))
    .map((s) => s.shortName[lang])
    .join(", ");
}

/** What Qoldau covers and where else to turn; first the body a redirect card names, if any. */
export function outOfScopeText(
  catalogue: Catalogue,
  t: Translate,
  lang: Language,
  sink: CitationSink,
  redirect: Service | null,
): string {
  const parts: string[] = [];
  if (redirect?.redirect) {
    parts.push(t(lang, "answers-redirect"));
    parts.push(
      `${redirect.shortName[lang]}: ${redirect.redirect.text[lang]}${sink.cite(redirect.redirect.citations)}`,
    );
  }
  parts.push(t(lang, "answers-out-of-scope", { services: inScopeNames(catalogue, lang) }));
  return parts.join("\n");
}

/** Services to offer when a question names none: those the search found, else the main ones. */
export function clarifyCandidates(catalogue: Catalogue, hits: SearchHit[]): string[] {
  const found = [
    ...new Set(
      hits.flatMap((h) => {
        const id = h.passage.serviceId;
        return id && catalogue.getService(id)?.scope === "in_scope" ? [id] : [];
      }),
    ),
  ].slice(0, 4);
  if (found.length >= 2) return found;
  return catalogue.parentsMenu.parents
    .flatMap((id) => catalogue.getService(id) ?? [])
    .filter((s) => s.scope === "in_scope" && (s.channels.length > 0 || s.terms.length > 0))
    .map((s) => s.id)
    .slice(0, 6);
}
