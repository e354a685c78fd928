import {
  type AdmissionWindowOverride,
  resolveAdmissionWindow,
} from "../knowledge/admission-windows.ts";
import type { Catalogue } from "../knowledge/catalogue.ts";
import type { Service, Source, TermClaim } from "../knowledge/schemas.ts";
import type { AnalysedQuery, PassageIndex } from "../search/index.ts";
import type { Citation, Lang, SearchHit, SectionRef } from "../search/passage.ts";
import { inlineCitation, renderCitation } from "../search/passages.ts";
import type { Intent } from "../search/synonyms.ts";
import type { Translate } from "./messages.ts";

const isCurrent = (status: string) => status === "current" || status === "unverified";

/** Collects the citations of the facts put into one answer, without duplicates. */
export class CitationSink {
  private readonly list: Citation[] = [];
  private readonly keys = new Set<string>();

  constructor(
    private readonly catalogue: Catalogue,
    private readonly lang: Lang,
  ) {}

  /**
   * Cites a fact: returns the inline marker and records the citations. A current fact is never
   * backed by a repealed source when it has another reference.
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
    return first ? ` [${inlineCitation(this.catalogue, first, this.lang)}]` : "";
  }

  get citations(): Citation[] {
    return this.list;
  }
}

export type ComposeInput = {
  catalogue: Catalogue;
  service: Service;
  lang: Lang;
  intents: Intent[];
  hits: SearchHit[];
  t: Translate;
  sink: CitationSink;
  /** Upper bound of facts taken from search hits after the card fields. */
  extraHits?: number;
  /** Today, for choosing the admission window of the current year. */
  now?: Date;
  /** Windows an administrator set (database); they win over the catalogue's configured values. */
  admissionWindowOverrides?: readonly AdmissionWindowOverride[];
  index: PassageIndex;
  /** The analysed question, and the positions of the words that named the service. */
  query: AnalysedQuery;
  serviceCovered: Set<number>;
  /** Positions of each intent's cue words. */
  intentCovered: Map<Intent, Set<number>>;
};

function dayMonth(t: Translate, lang: Lang, iso: string): string {
  const [, month, day] = iso.split("-");
  return `${Number(day)} ${t(lang, `answers-month-${Number(month)}`)}`;
}

function fullDate(t: Translate, lang: Lang, iso: string): string {
  return t(lang, "answers-date", { date: dayMonth(t, lang, iso), year: iso.slice(0, 4) });
}

/** The local date (`YYYY-MM-DD`) at the providers' offset, which decides the admission year. */
function localDateOf(catalogue: Catalogue, now: Date): string {
  const offset = catalogue.workingHours.utcOffset;
  const [h, m] = offset.slice(1).split(":").map(Number);
  const minutes = (offset.startsWith("-") ? -1 : 1) * ((h ?? 0) * 60 + (m ?? 0));
  return new Date(now.getTime() + minutes * 60_000).toISOString().slice(0, 10);
}

type Field =
  | "documents"
  | "term"
  | "fee"
  | "result"
  | "channels"
  | "refusal"
  | "hours"
  | "steps"
  | "provider"
  | "window"
  | "eligibility"
  | "overdue";

const defaultFields: Field[] = ["documents", "term", "fee", "channels"];

// Narrow questions ("until when?") before broad ones ("what documents?").
const fieldPriority: Field[] = [
  "overdue",
  "window",
  "term",
  "fee",
  "result",
  "refusal",
  "eligibility",
  "hours",
  "documents",
  "provider",
  "channels",
  "steps",
];

function formatAmount(t: Translate, lang: Lang, claim: TermClaim): string {
  const unit = `answers-unit-${claim.unit}`;
  if (claim.amount !== undefined) return t(lang, unit, { n: claim.amount });
  const max = t(lang, unit, { n: claim.max ?? 0 });
  return t(lang, "answers-range", { min: String(claim.min ?? 0), max });
}

function fieldLines(input: ComposeInput, field: Field): string[] {
  const { service, lang, t, sink, catalogue } = input;
  const bullet = (text: string, refs: SectionRef[], status = "current") =>
    `• ${text}${sink.cite(refs, status)}`;
  switch (field) {
    case "documents": {
      const channels = service.channels.filter(
        (c) => isCurrent(c.status) && c.documents.some((d) => isCurrent(d.status)),
      );
      if (channels.length === 0) return [];
      // Channels asking for the same list (same count, same cited rows) are shown once.
      const signature = (c: (typeof channels)[number]) => {
        const docs = c.documents.filter((d) => isCurrent(d.status));
        return `${docs.length}:${docs.map((d) => d.citations[0]?.locator ?? "").join("|")}`;
      };
      const groups: Array<{
        channels: typeof channels;
        docs: (typeof channels)[number]["documents"];
      }> = [];
      for (const channel of channels) {
        const group = groups.find(
          (g) => signature(g.channels[0] as (typeof channels)[number]) === signature(channel),
        );
        if (group) group.channels.push(channel);
        else
          groups.push({
            channels: [channel],
            docs: channel.documents.filter((d) => isCurrent(d.status)),
          });
      }
      const lines = [`${t(lang, "answers-documents")}:`];
      for (const group of groups.slice(0, 2)) {
        if (groups.length > 1 || channels.length > 1)
          lines.push(
            t(lang, "answers-documents-channel", {
              channel: group.channels.map((c) => channelName(input, c)).join(" / "),
            }),
          );
        for (const doc of group.docs) {
          const notes = doc.notes.map((n) => n[lang]).join("; ");
          lines.push(
            bullet(
              notes ? `${doc.name[lang]} (${notes})` : doc.name[lang],
              doc.citations,
              doc.status,
            ),
          );
        }
      }
      return lines;
    }
    case "term": {
      const current = service.terms.filter((c) => isCurrent(c.status));
      const main = current.filter((c) => ["service", "e_request", "course"].includes(c.kind));
      const chosen = (main.length > 0 ? main : current).slice(0, 3);
      if (chosen.length === 0) return [];
      return [
        `${t(lang, "answers-term")}:`,
        ...chosen.map((claim) => {
          const value = formatAmount(t, lang, claim);
          let text = t(lang, `answers-term-${claim.kind}`, { value });
          if (claim.appliesTo) text += ` (${claim.appliesTo[lang]})`;
          // An unverified term carries its caveat, so nobody takes it for the rule in force.
          if (claim.status === "unverified" && claim.why) text += ` — ${claim.why[lang]}`;
          return bullet(text, claim.citations, claim.status);
        }),
      ];
    }
    case "fee":
      // A fee only a repealed act states is cited as such; its text says it is history.
      return service.fee
        ? [
            `${t(lang, "answers-fee")}: ${service.fee.text[lang]}${sink.cite(service.fee.citations, service.fee.status)}`,
          ]
        : [];
    case "result": {
      const current = service.results.filter((r) => isCurrent(r.status));
      if (current.length === 0) return [];
      const lines = [
        `${t(lang, "answers-result")}:`,
        ...current.map((r) => bullet(r.text[lang], r.citations, r.status)),
      ];
      const old = service.results.find((r) => r.status === "superseded");
      if (old && input.intents.includes("result")) {
        const note = t(lang, "answers-superseded-note", { text: old.text[lang] });
        lines.push(`${note}${sink.cite(old.citations, "superseded")}`);
      }
      return lines;
    }
    case "channels": {
      const channels = service.channels.filter((c) => isCurrent(c.status));
      if (channels.length === 0) return [];
      return [
        `${t(lang, "answers-channels")}:`,
        // Like terms, an unverified channel carries its caveat.
        ...channels.map((c) =>
          bullet(
            c.status === "unverified" && c.why
              ? `${channelName(input, c)} — ${c.why[lang]}`
              : channelName(input, c),
            c.citations,
            c.status,
          ),
        ),
      ];
    }
    case "refusal": {
      const grounds = service.refusalGrounds.filter((r) => isCurrent(r.status));
      if (grounds.length === 0) return [];
      return [
        `${t(lang, "answers-refusal")}:`,
        ...grounds.map((r) => bullet(r.text[lang], r.citations, r.status)),
      ];
    }
    case "hours": {
      const hours = catalogue.workingHours;
      const office = t(lang, "answers-hours-office", {
        start: hours.office.start,
        end: hours.office.end,
        lunchStart: hours.lunch.start,
        lunchEnd: hours.lunch.end,
      });
      const reception = t(lang, "answers-hours-reception", {
        start: hours.reception.start,
        end: hours.reception.end,
      });
      return [
        `${t(lang, "answers-hours")}: ${office}; ${reception}.${sink.cite(hours.citations)}`,
        `${hours.portal.text[lang]}${sink.cite(hours.portal.citations, hours.portal.status)}`,
      ];
    }
    case "steps": {
      const steps = service.steps.filter((s) => isCurrent(s.status));
      const egov = service.egovSteps.filter((s) => isCurrent(s.status));
      const list =
        steps.length > 0
          ? steps.map((s) => ({ text: s.text, citations: s.citations, status: s.status }))
          : egov;
      if (list.length === 0) return [];
      return [
        `${t(lang, "answers-steps")}:`,
        ...list.slice(0, 5).map((s) => bullet(s.text[lang], s.citations, s.status)),
      ];
    }
    case "window": {
      const kind = service.admissionWindow;
      if (!kind) return [];
      const now = input.now ?? new Date();
      const year = Number(localDateOf(catalogue, now).slice(0, 4));
      const window = resolveAdmissionWindow(
        catalogue,
        kind,
        year,
        input.admissionWindowOverrides ?? [],
      );
      if (!window) return [];
      const range = (start: string | undefined, endDate: string) => {
        const end = dayMonth(t, lang, endDate);
        return start
          ? t(lang, "answers-window-range", { start: dayMonth(t, lang, start), end })
          : t(lang, "answers-window-until", { end });
      };
      const note =
        typeof window.note === "string"
          ? ` (${window.note})`
          : window.note
            ? ` (${window.note[lang]})`
            : "";
      const head = t(lang, "answers-window", {
        year: String(window.year),
        range: range(window.start, window.end),
      });
      if (window.origin === "override") {
        // The administrator's value is what applies; the sources' dates stay visible as what was published.
        const setOn = window.updatedAt
          ? t(lang, "answers-window-override-on", {
              date: fullDate(t, lang, localDateOf(catalogue, new Date(window.updatedAt))),
            })
          : t(lang, "answers-window-override");
        const configured = catalogue.admissionWindows.configured.find(
          (w) => w.kind === kind && w.year === year,
        );
        const lines = [`${head} — ${setOn}${note}`];
        if (configured)
          lines.push(
            `${t(lang, "answers-window-published", { range: range(configured.start, configured.end) })}${sink.cite(configured.citations)}`,
          );
        return lines;
      }
      const assumed = window.origin === "assumed" ? ` — ${t(lang, "answers-window-assumed")}` : "";
      return [`${head}${assumed}${note}${sink.cite(window.citations)}`];
    }
    case "eligibility":
      return [
        `${t(lang, "answers-eligibility")}: ${service.summary.text[lang]}${sink.cite(service.summary.citations, service.summary.status)}`,
      ];
    case "overdue": {
      // The term first, so the parent can see whether it has passed; then where to turn.
      const term = fieldLines(input, "term");
      return [...term, t(lang, "answers-overdue")];
    }
    case "provider": {
      const lines = [
        `${t(lang, "answers-provider")}:`,
        ...service.providers.map((p) => bullet(p.name[lang], p.citations)),
      ];
      if (service.informationSystem)
        lines.push(
          `${t(lang, "answers-system")}: ${service.informationSystem.value}${sink.cite(service.informationSystem.citations)}`,
        );
      return lines;
    }
  }
}

function channelName(input: ComposeInput, channel: Service["channels"][number]): string {
  return channel.label?.[input.lang] ?? input.t(input.lang, `answers-channel-${channel.kind}`);
}

function fieldsFor(intents: Intent[]): Field[] {
  const fields: Field[] = [];
  // "How do I get it" needs what to bring as well as the steps.
  if (intents.includes("steps") && !intents.includes("documents")) fields.push("documents");
  // "Where" is both where to apply and who provides the service.
  if (intents.includes("channels") && !intents.includes("provider")) fields.push("provider");
  for (const intent of intents) {
    if (intent === "contacts") continue;
    if (!fields.includes(intent as Field)) fields.push(intent as Field);
  }
  return fields;
}

/**
 * Extractive answer from a service card: the fields the question asks about (or a default
 * summary), then the best matching card statements from search, each with its citation.
 */
export function composeServiceAnswer(input: ComposeInput): string {
  const { service, lang, t, sink } = input;
  // Phone-sized: at most three asked fields, the narrow ones first.
  const asked = fieldsFor(input.intents)
    .sort((a, b) => fieldPriority.indexOf(a) - fieldPriority.indexOf(b))
    .slice(0, 3);
  // "What if nobody answers" shows the term itself, before where to turn.
  if (asked.includes("overdue"))
    asked.splice(0, asked.length, ...asked.filter((f) => f !== "term"));
  // Services with an admission window answer "when" questions with the window, not the processing term.
  if (service.admissionWindow && asked.includes("term") && !asked.includes("window"))
    asked.unshift("window");
  const lines: string[] = [service.shortName[lang]];
  const shown = new Set<string>();
  let wrote = 0;
  for (const field of asked) {
    const block = fieldLines(input, field);
    if (block.length === 0) continue;
    lines.push(...block);
    shown.add(field);
    wrote += 1;
  }
  if (wrote === 0) {
    const fields: Field[] = service.admissionWindow ? ["window", ...defaultFields] : defaultFields;
    for (const field of fields) {
      const block = fieldLines(input, field);
      if (block.length === 0) continue;
      lines.push(...block);
      shown.add(field);
      wrote += 1;
    }
  }
  // A thin card (name and provider only): say what it is, who provides it and where to ask.
  const thin = wrote === 0;
  if (thin) {
    lines.push(
      `${service.summary.text[lang]}${sink.cite(service.summary.citations, service.summary.status)}`,
    );
    lines.push(...fieldLines(input, "provider").slice(1));
    shown.add("provider");
  }
  const extra = extraFacts(input, shown);
  if (extra.length > 0) lines.push(`${t(lang, "answers-also")}:`, ...extra);
  if (thin || input.intents.includes("contacts") || input.intents.includes("steps"))
    lines.push(t(lang, "answers-contacts"));
  void sink;
  return lines.join("\n");
}

const fieldOfFact: Record<string, Field | undefined> = {
  documents: "documents",
  result: "result",
  fee: "fee",
  refusal: "refusal",
  steps: "steps",
  channels: "channels",
  provider: "provider",
};

/**
 * What the question asks beyond naming the service and beyond the fields already shown: those
 * words are searched within this service's statements.
 */
function residualQuery(input: ComposeInput, shown: Set<string>): AnalysedQuery | null {
  const skip = new Set(input.serviceCovered);
  for (const [intent, positions] of input.intentCovered)
    if (shown.has(intent)) for (const p of positions) skip.add(p);
  const words = input.query.typed.filter((_, i) => !skip.has(i));
  return words.length > 0 ? input.index.queryFromWords(words) : null;
}

function extraFacts(input: ComposeInput, shown: Set<string>): string[] {
  const { service, lang, sink } = input;
  const limit = input.extraHits ?? 2;
  const residual = residualQuery(input, shown);
  if (!residual || limit === 0) return [];
  const hits = input.index.search(residual, {
    service: service.id,
    lang,
    kind: "fact",
    limit: 8,
  });
  const relevant = hits.filter(
    (h) =>
      h.passage.current &&
      h.passage.field !== "name" &&
      !shown.has(fieldOfFact[h.passage.field ?? ""] ?? "-"),
  );
  const top = relevant[0]?.score ?? 0;
  const out: string[] = [];
  for (const hit of relevant) {
    if (out.length >= limit || hit.score < top * 0.6) break;
    out.push(`• ${hit.passage.text}${sink.cite(hit.passage.refs, hit.passage.status)}`);
  }
  return out;
}

/** The notice for a question about a repealed act: what repealed it and when. */
export function composeRepealedNotice(
  catalogue: Catalogue,
  source: Source,
  lang: Lang,
  t: Translate,
  sink: CitationSink,
): string {
  if (source.legalStatus.status !== "repealed") return "";
  const by = source.legalStatus.repealedBy;
  const date = (iso?: string) => (iso ? iso.split("-").reverse().join(".") : "");
  const firstSection = source.sections[0];
  const marker = firstSection
    ? sink.cite([{ source: source.id, locator: firstSection.id }], "repealed")
    : "";
  let byMarker = "";
  const bySource = by.source ? catalogue.getSource(by.source) : undefined;
  const bySection = bySource?.sections[0];
  if (bySource && bySection) byMarker = sink.cite([{ source: bySource.id, locator: bySection.id }]);
  return `${t(lang, "answers-repealed", {
    title: source.number ? `№ ${source.number} — ${source.title[lang]}` : source.title[lang],
    date: date(source.date),
    by: by.title[lang],
    byDate: date(by.date),
  })}${marker}${byMarker}`;
}
