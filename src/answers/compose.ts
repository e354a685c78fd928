import type { WorkingTime } from "../calendar/working-time.ts";
import type { Language } from "../i18n.ts";
import type { AdmissionWindowOverride } from "../knowledge/admission-windows.ts";
import type { Catalogue } from "../knowledge/catalogue.ts";
import type { Service, Source } from "../knowledge/schemas.ts";
import type { AnalysedQuery, PassageIndex } from "../search/index.ts";
import type { SearchHit } from "../search/passage.ts";
import type { Intent } from "../search/synonyms.ts";
import { formatDotted } from "../time/local-time.ts";
import { CitationSink } from "./citations.ts";
import { type Field, type FieldInput, fieldHeading, fieldRenderers, type View } from "./fields.ts";
import type { Translate } from "./messages.ts";

export type ComposeInput = {
  catalogue: Catalogue;
  service: Service;
  lang: Language;
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
  /** Parent (plain, settled facts, no inline citations) or operator (caveats, citations). */
  view?: View;
  /** The day the parent says they applied, and the calendar to count from it. */
  submitted?: string;
  workingTime?: WorkingTime;
};

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

const byPriority = (a: Field, b: Field) => fieldPriority.indexOf(a) - fieldPriority.indexOf(b);

/**
 * The fields to show, narrow ones first: what was asked, then what goes with it ("how do I get
 * it" needs what to bring; "where" is also who provides the service). What was asked leads, so
 * "как попасть в ПМПК?" opens with how to get there, not with who the provider is.
 */
function fieldsFor(intents: Intent[]): Field[] {
  const asked = [...new Set(intents)].filter((i) => i !== "contacts").map((i) => i as Field);
  const companions: Field[] = [];
  if (asked.includes("steps") && !asked.includes("documents")) companions.push("documents");
  if (asked.includes("channels") && !asked.includes("provider")) companions.push("provider");
  return [...asked.sort(byPriority), ...companions.sort(byPriority)];
}

function fieldInput(input: ComposeInput, view: View, sink = input.sink): FieldInput {
  return {
    catalogue: input.catalogue,
    service: input.service,
    lang: input.lang,
    intents: input.intents,
    t: input.t,
    sink,
    view,
    now: input.now ?? new Date(),
    admissionWindowOverrides: input.admissionWindowOverrides ?? [],
    ...(input.submitted ? { submitted: input.submitted } : {}),
    ...(input.workingTime ? { workingTime: input.workingTime } : {}),
  };
}

/**
 * Extractive answer from a service card: the fields the question asks about (or a default
 * summary), then the best matching card statements from search. Operators get a citation on
 * every fact; a parent's answer leads with the asked fact in one sentence, shows only settled
 * facts (an honest "уточните" line where one is not) and leaves the source to one line the
 * transport adds (`CitationSink.leadRef`).
 */
export function composeServiceAnswer(input: ComposeInput): string {
  const { service, lang, t, sink } = input;
  const view = input.view ?? "operator";
  const fields = fieldInput(input, view);
  // Phone-sized: at most three asked fields, the narrow ones first.
  const asked = fieldsFor(input.intents).slice(0, 3);
  // "What if nobody answers" shows the term itself, before where to turn.
  if (asked.includes("overdue"))
    asked.splice(0, asked.length, ...asked.filter((f) => f !== "term"));
  // Services with an admission window answer "when" questions with the window, not the processing term.
  if (service.admissionWindow && asked.includes("term") && !asked.includes("window"))
    asked.unshift("window");
  // The fields shown, in the order asked: a card block, or (for a parent) the line that stands
  // for a fact the card does not settle.
  const blocks: Array<string[] | { check: string }> = [];
  const shown = new Set<string>();
  let unsettled = 0;
  const render = (field: Field, wasAsked: boolean) => {
    const block = fieldRenderers[field](fields);
    if (block.length > 0) {
      blocks.push(block);
      shown.add(field);
      return true;
    }
    // A parent asked for a fact the card does not settle (or states only as unverified): say
    // where to check it. In a summary nobody asked for, only unverified facts get that line.
    if (view === "parent" && fieldHeading[field]) {
      const probe = new CitationSink(input.catalogue, lang);
      if (wasAsked || fieldRenderers[field](fieldInput(input, "operator", probe)).length > 0) {
        const check = checkLine(input, field);
        // One guide item answers several fields ("where" and "how"): said once.
        if (!blocks.some((b) => "check" in b && b.check === check)) blocks.push({ check });
        unsettled += 1;
      }
    }
    return false;
  };
  let wrote = asked.filter((field) => render(field, true)).length;
  if (view === "operator") blocks.push(...guideForOperator(input, asked));
  if (wrote === 0 && unsettled === 0) {
    const defaults: Field[] = service.admissionWindow
      ? ["window", ...defaultFields]
      : defaultFields;
    wrote = defaults.filter((field) => render(field, false)).length;
  }
  // A thin card (name and provider only): say what it is, who provides it and where to ask.
  const thin = wrote === 0 && unsettled === 0;
  if (thin) {
    blocks.push([
      `${service.summary.text[lang]}${sink.cite(service.summary.citations, service.summary.status)}`,
      ...fieldRenderers.provider(fields).slice(1),
    ]);
    shown.add("provider");
  }
  const lines =
    view === "parent"
      ? lead(service.shortName[lang], blocks, lang)
      : [service.shortName[lang], ...blocks.flatMap((b) => ("check" in b ? [] : b))];
  const extra = extraFacts(input, shown, view);
  if (extra.length > 0) lines.push(`${t(lang, "answers-also")}:`, ...extra);
  if (thin || input.intents.includes("contacts") || input.intents.includes("steps"))
    lines.push(t(lang, "answers-contacts"));
  return lines.join("\n");
}

/**
 * What the service's practical guide says about an unsettled fact, with its own honest line
 * (where to confirm it), rather than only "check with the provider".
 */
function checkLine(input: ComposeInput, field: Field): string {
  const { service, lang, t } = input;
  const item = service.guide.find((g) => (g.answers as string[]).includes(field));
  if (item)
    return `${item.heading[lang]}: ${item.text[lang]}${item.check ? ` ${item.check[lang]}` : ""}`;
  return t(lang, "answers-parent-check", {
    field: t(lang, fieldHeading[field] ?? "answers-term"),
  });
}

/**
 * The practical guide's items about the asked fields, for operators with their caveat and
 * citation: what a parent is told ("как попасть в ПМПК?") is in the console's answer too.
 */
function guideForOperator(input: ComposeInput, asked: Field[]): string[][] {
  const { service, lang, sink } = input;
  const items = service.guide.filter((g) => asked.some((f) => (g.answers as string[]).includes(f)));
  return items.map((item) => {
    const caveat = item.status !== "current" && item.why ? ` — ${item.why[lang]}` : "";
    return [
      `${item.heading[lang]}: ${item.text[lang]}${caveat}${sink.cite(item.citations, item.status)}`,
    ];
  });
}

/**
 * A parent's answer starts with the asked fact: "Обучение на дому — срок: 2 рабочих дня." when
 * the first field is short; a longer one (a list of documents) keeps its heading and items; a
 * guide line ("Как попасть в ПМПК: ...") follows the service's name.
 */
function lead(
  name: string,
  entries: Array<string[] | { check: string }>,
  lang: Language,
): string[] {
  const lines = (e: string[] | { check: string }) => ("check" in e ? [e.check] : e);
  const [first, ...others] = entries;
  if (!first) return [name];
  const rest = others.map(lines);
  if ("check" in first) return [name, first.check, ...rest.flat()];
  const [heading = "", ...items] = first;
  const bare = items.map((item) => item.replace(/^• /, ""));
  const short =
    items.length <= 2 &&
    items.every((item) => item.startsWith("• ") && item.length < 140) &&
    heading.endsWith(":");
  const lower = (text: string) => text.charAt(0).toLocaleLowerCase(lang) + text.slice(1);
  let sentence: string | undefined;
  if (items.length === 0 && /^[^:]+: /.test(heading)) sentence = `${name} — ${lower(heading)}`;
  else if (short) sentence = `${name} — ${lower(heading)} ${bare.join("; ")}`;
  if (!sentence) return [name, ...first, ...rest.flat()];
  return [/[.!?»)]$/.test(sentence) ? sentence : `${sentence}.`, ...rest.flat()];
}

const fieldOfFact: Record<string, Field | undefined> = {
  documents: "documents",
  result: "result",
  fee: "fee",
  refusal: "refusal",
  steps: "steps",
  channels: "channels",
  provider: "provider",
  // The eligibility field prints the service's summary: the same text must not follow as "also".
  summary: "eligibility",
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

function extraFacts(input: ComposeInput, shown: Set<string>, view: View): string[] {
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
      // Unverified statements are for operators, who see them with their caveat.
      (view === "operator" || h.passage.status === "current") &&
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
  lang: Language,
  t: Translate,
  sink: CitationSink,
): string {
  if (source.legalStatus.status !== "repealed") return "";
  const by = source.legalStatus.repealedBy;
  const date = (iso?: string) => (iso ? formatDotted(iso) : "");
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
