import type { Language } from "../i18n.ts";
import type { Catalogue } from "../knowledge/catalogue.ts";
import type { ClaimStatus, LocalizedText, Service, Source } from "../knowledge/schemas.ts";
import { formatDotted } from "../time/local-time.ts";
import type { Citation, Passage, SectionRef } from "./passage.ts";

function formatDate(iso: string | undefined): string {
  return iso ? formatDotted(iso) : "";
}

/**
 * Short name of a source for inline citations: its `shortTitle` with the date ("Приказ № 223 от
 * 27.05.2020", "27.05.2020 № 223 бұйрық"), else "№ 223, 27.05.2020" or a shortened title.
 */
export function sourceLabel(source: Source, lang: Language): string {
  const date = formatDate(source.date);
  const shortTitle = source.shortTitle?.[lang];
  if (shortTitle) {
    if (!date) return shortTitle;
    return lang === "ru" ? `${shortTitle} от ${date}` : `${date} ${shortTitle}`;
  }
  if (source.number) return date ? `№ ${source.number}, ${date}` : `№ ${source.number}`;
  const title = source.title[lang];
  const short = title.length > 48 ? `${title.slice(0, 45).trimEnd()}…` : title;
  return date ? `${short}, ${date}` : short;
}

/**
 * Renders a reference into a citation. A source that is repealed is always cited as `repealed`;
 * a superseded claim keeps its own status, so no old text is ever cited as current.
 */
export function renderCitation(
  catalogue: Catalogue,
  ref: SectionRef,
  lang: Language,
  claimStatus: string = "current",
): Citation {
  const source = catalogue.getSource(ref.source);
  const section = catalogue.getSection(ref.source, ref.locator);
  const legal = source?.legalStatus.status ?? "unknown";
  const status =
    legal === "repealed"
      ? "repealed"
      : claimStatus === "current" || claimStatus === "unverified"
        ? legal
        : claimStatus;
  const label = section ? section.label[lang] : ref.locator;
  return {
    source: ref.source,
    title: source ? source.title[lang] : ref.source,
    date: source?.date ?? "",
    status,
    locator: ref.note ? `${label}, ${ref.note}` : label,
    section: ref.locator,
  };
}

/** Inline form of a citation for answer text: "№ 223, 27.05.2020, 4-қосымша, 8-жол". */
export function inlineCitation(catalogue: Catalogue, ref: SectionRef, lang: Language): string {
  const source = catalogue.getSource(ref.source);
  const section = catalogue.getSection(ref.source, ref.locator);
  const parts = [source ? sourceLabel(source, lang) : ref.source];
  // Phone-sized: drop explanations in brackets and the heading after a colon.
  if (section)
    parts.push(
      section.label[lang]
        .replace(/\s*\([^)]*\)/g, "")
        .replace(/:.*$/, "")
        .trim(),
    );
  if (ref.note) parts.push(ref.note);
  return parts.join(", ");
}

const isCurrent = (status: ClaimStatus | string) => status === "current" || status === "unverified";

type FactInput = {
  field: string;
  text: LocalizedText;
  refs: SectionRef[];
  status: string;
  key: string;
};

/** Every cited statement of a service card, one per field item, in both languages. */
export function serviceFacts(service: Service): FactInput[] {
  const facts: FactInput[] = [];
  const add = (
    field: string,
    key: string,
    text: LocalizedText,
    refs: SectionRef[],
    status = "current",
  ) => facts.push({ field, key, text, refs, status });
  const keywords = { kk: service.keywords.kk.join(", "), ru: service.keywords.ru.join(", ") };
  add(
    "name",
    "name",
    {
      kk: `${service.shortName.kk}. ${service.name.kk}. ${keywords.kk}`,
      ru: `${service.shortName.ru}. ${service.name.ru}. ${keywords.ru}`,
    },
    service.nameCitations,
  );
  add(
    "summary",
    "summary",
    service.summary.text,
    service.summary.citations,
    service.summary.status,
  );
  service.providers.forEach((provider, i) => {
    add("provider", `provider-${i}`, provider.name, provider.citations);
  });
  if (service.informationSystem) {
    const value = service.informationSystem.value;
    add(
      "provider",
      "system",
      { kk: `Ақпараттық жүйе: ${value}`, ru: `Информационная система: ${value}` },
      service.informationSystem.citations,
    );
  }
  service.channels.forEach((channel, i) => {
    if (channel.label)
      add("channels", `channel-${i}`, channel.label, channel.citations, channel.status);
    channel.documents.forEach((doc, j) => {
      const notes = doc.notes.map((n) => n.kk).join("; ");
      const notesRu = doc.notes.map((n) => n.ru).join("; ");
      add(
        "documents",
        `channel-${i}-doc-${j}`,
        {
          kk: notes ? `${doc.name.kk} (${notes})` : doc.name.kk,
          ru: notesRu ? `${doc.name.ru} (${notesRu})` : doc.name.ru,
        },
        doc.citations,
        doc.status,
      );
    });
  });
  const lists: Array<
    [string, string, Array<{ text: LocalizedText; citations: SectionRef[]; status: string }>]
  > = [
    ["result", "result", service.results],
    ["refusal", "refusal", service.refusalGrounds],
    ["steps", "step", service.steps],
    ["prerequisites", "prerequisite", service.prerequisites],
    ["egov", "egov", service.egovSteps],
  ];
  for (const [field, prefix, items] of lists)
    for (const [i, item] of items.entries())
      add(field, `${prefix}-${i}`, item.text, item.citations, item.status);
  if (service.fee) add("fee", "fee", service.fee.text, service.fee.citations, service.fee.status);
  for (const rule of service.rules)
    add("rules", `rule-${rule.id}`, rule.text, rule.citations, rule.status);

  if (service.redirect)
    add(
      "redirect",
      "redirect",
      service.redirect.text,
      service.redirect.citations,
      service.redirect.status,
    );
  return facts;
}

/** Which service a source section is about, judged by which cards cite it. */
function sectionServices(catalogue: Catalogue): Map<string, string | null> {
  const owners = new Map<string, Set<string>>();
  for (const service of catalogue.services) {
    for (const fact of serviceFacts(service)) {
      for (const ref of fact.refs) {
        const key = `${ref.source}#${ref.locator}`;
        const set = owners.get(key) ?? new Set<string>();
        set.add(service.id);
        owners.set(key, set);
      }
    }
  }
  const out = new Map<string, string | null>();
  for (const [key, set] of owners) out.set(key, set.size === 1 ? ([...set][0] ?? null) : null);
  return out;
}

/**
 * Builds the passage list from the catalogue: every source section (original language) and every
 * service-card statement (in Kazakh and in Russian), each with its citations.
 */
export function buildPassages(catalogue: Catalogue): Passage[] {
  const passages: Passage[] = [];
  const owners = sectionServices(catalogue);
  for (const source of catalogue.sources) {
    const repealed = source.legalStatus.status === "repealed";
    for (const section of source.sections) {
      const lang: Language = section.language === "kk" ? "kk" : "ru";
      const ref = { source: source.id, locator: section.id };
      passages.push({
        id: `${source.id}#${section.id}`,
        kind: "section",
        lang: section.language,
        serviceId: owners.get(`${source.id}#${section.id}`) ?? null,
        title: `${source.title[lang]} ${section.label[lang]}`,
        text: section.text,
        citation: renderCitation(catalogue, ref, lang),
        refs: [ref],
        status: repealed ? "repealed" : "current",
        current: !repealed,
      });
    }
  }
  for (const service of catalogue.services) {
    for (const fact of serviceFacts(service)) {
      for (const lang of ["kk", "ru"] as const) {
        const first = fact.refs[0] as SectionRef;
        passages.push({
          id: `${service.id}/${fact.key}/${lang}`,
          kind: "fact",
          lang,
          serviceId: service.id,
          field: fact.field,
          title: service.shortName[lang],
          text: fact.text[lang],
          citation: renderCitation(catalogue, first, lang, fact.status),
          refs: fact.refs,
          status: fact.status,
          current: isCurrent(fact.status),
        });
      }
    }
  }
  return passages;
}
