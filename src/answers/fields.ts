import type { WorkingTime } from "../calendar/working-time.ts";
import type { Language } from "../i18n.ts";
import type { AdmissionWindowOverride } from "../knowledge/admission-windows.ts";
import type { Catalogue } from "../knowledge/catalogue.ts";
import type { Service, TermClaim } from "../knowledge/schemas.ts";
import type { SectionRef } from "../search/passage.ts";
import type { Intent } from "../search/synonyms.ts";
import { formatDotted } from "../time/local-time.ts";
import { admissionWindowLines } from "./admission-window-line.ts";
import { type CitationSink, isCurrent } from "./citations.ts";
import type { Translate } from "./messages.ts";
import { overdueFor } from "./overdue.ts";

/** The card fields an answer can show. */
export type Field =
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

/**
 * Who reads the answer. Operators see every current claim with its caveat ("не проверено",
 * "вторичный источник", step durations) and a citation per fact; parents see only settled
 * statements, and an honest "уточните" line where a fact is not settled.
 */
export type View = "parent" | "operator";

export type FieldInput = {
  catalogue: Catalogue;
  service: Service;
  lang: Language;
  intents: Intent[];
  t: Translate;
  sink: CitationSink;
  view: View;
  /** Today, for choosing the admission window of the current year. */
  now: Date;
  admissionWindowOverrides: readonly AdmissionWindowOverride[];
  /** The day the parent says they applied ("неделю назад"), for "is it overdue?". */
  submitted?: string;
  /** The providers' calendar, to count working days from `submitted`. */
  workingTime?: WorkingTime;
};

/** Claims a reader may see: a parent only settled ones, an operator unverified ones too. */
function visible(input: FieldInput, status: string): boolean {
  return input.view === "parent" ? status === "current" : isCurrent(status);
}

function bullet(input: FieldInput, text: string, refs: SectionRef[], status = "current") {
  return `• ${text}${input.sink.cite(refs, status)}`;
}

function formatAmount(t: Translate, lang: Language, claim: TermClaim): string {
  const unit = `answers-unit-${claim.unit}`;
  if (claim.amount !== undefined) return t(lang, unit, { n: claim.amount });
  const max = t(lang, unit, { n: claim.max ?? 0 });
  return t(lang, "answers-range", { min: String(claim.min ?? 0), max });
}

export function channelName(input: FieldInput, channel: Service["channels"][number]): string {
  return channel.label?.[input.lang] ?? input.t(input.lang, `answers-channel-${channel.kind}`);
}

function documentsLines(input: FieldInput): string[] {
  const { service, lang, t } = input;
  const channels = service.channels.filter(
    (c) => visible(input, c.status) && c.documents.some((d) => visible(input, d.status)),
  );
  if (channels.length === 0) return [];
  // Channels asking for the same list (same count, same cited rows) are shown once.
  const signature = (c: (typeof channels)[number]) => {
    const docs = c.documents.filter((d) => visible(input, d.status));
    return `${docs.length}:${docs.map((d) => d.citations[0]?.locator ?? "").join("|")}`;
  };
  const groups: Array<{ channels: typeof channels; docs: (typeof channels)[number]["documents"] }> =
    [];
  for (const channel of channels) {
    const group = groups.find(
      (g) => signature(g.channels[0] as (typeof channels)[number]) === signature(channel),
    );
    if (group) group.channels.push(channel);
    else
      groups.push({
        channels: [channel],
        docs: channel.documents.filter((d) => visible(input, d.status)),
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
          input,
          notes ? `${doc.name[lang]} (${notes})` : doc.name[lang],
          doc.citations,
          doc.status,
        ),
      );
    }
  }
  return lines;
}

function termLines(input: FieldInput): string[] {
  const { service, lang, t } = input;
  const current = service.terms.filter((c) => visible(input, c.status));
  const main = current.filter((c) => ["service", "e_request", "course"].includes(c.kind));
  // A parent is told the term of the service, never the durations of the provider's inner steps.
  let chosen = (main.length > 0 || input.view === "parent" ? main : current).slice(0, 3);
  // "2 working days; 2 working days (in the proactive form)" reads as a stutter to a parent: a
  // qualified term equal to the general one says nothing new to them. Operators keep both.
  if (input.view === "parent")
    chosen = chosen.filter(
      (claim) =>
        !claim.appliesTo ||
        !chosen.some(
          (other) =>
            !other.appliesTo &&
            other.kind === claim.kind &&
            other.amount === claim.amount &&
            other.unit === claim.unit,
        ),
    );
  if (chosen.length === 0) return [];
  return [
    `${t(lang, "answers-term")}:`,
    ...chosen.map((claim) => {
      const value = formatAmount(t, lang, claim);
      let text = t(lang, `answers-term-${claim.kind}`, { value });
      if (claim.appliesTo) text += ` (${claim.appliesTo[lang]})`;
      // An unverified term carries its caveat, so no operator takes it for the rule in force.
      if (claim.status === "unverified" && claim.why) text += ` — ${claim.why[lang]}`;
      return bullet(input, text, claim.citations, claim.status);
    }),
  ];
}

function feeLines(input: FieldInput): string[] {
  const { service, lang, t, sink } = input;
  const fee = service.fee;
  // A fee only a repealed act states is cited as such for operators; its text says it is history.
  if (!fee || (input.view === "parent" && fee.status !== "current")) return [];
  return [`${t(lang, "answers-fee")}: ${fee.text[lang]}${sink.cite(fee.citations, fee.status)}`];
}

function resultLines(input: FieldInput): string[] {
  const { service, lang, t, sink } = input;
  const current = service.results.filter((r) => visible(input, r.status));
  if (current.length === 0) return [];
  const lines = [
    `${t(lang, "answers-result")}:`,
    ...current.map((r) => bullet(input, r.text[lang], r.citations, r.status)),
  ];
  const old = service.results.find((r) => r.status === "superseded");
  if (old && input.intents.includes("result") && input.view === "operator") {
    const note = t(lang, "answers-superseded-note", { text: old.text[lang] });
    lines.push(`${note}${sink.cite(old.citations, "superseded")}`);
  }
  return lines;
}

function channelsLines(input: FieldInput): string[] {
  const { service, lang, t } = input;
  const channels = service.channels.filter((c) => visible(input, c.status));
  if (channels.length === 0) return [];
  return [
    `${t(lang, "answers-channels")}:`,
    // Like terms, an unverified channel carries its caveat (operators only see those).
    ...channels.map((c) =>
      bullet(
        input,
        c.status === "unverified" && c.why
          ? `${channelName(input, c)} — ${c.why[lang]}`
          : channelName(input, c),
        c.citations,
        c.status,
      ),
    ),
  ];
}

function refusalLines(input: FieldInput): string[] {
  const { service, lang, t } = input;
  const grounds = service.refusalGrounds.filter((r) => visible(input, r.status));
  if (grounds.length === 0) return [];
  return [
    `${t(lang, "answers-refusal")}:`,
    ...grounds.map((r) => bullet(input, r.text[lang], r.citations, r.status)),
    ...(input.view === "parent" ? [t(lang, "answers-refused-next")] : []),
  ];
}

function hoursLines(input: FieldInput): string[] {
  const { catalogue, lang, t, sink } = input;
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

function stepsLines(input: FieldInput): string[] {
  const { service, lang, t } = input;
  const steps = service.steps.filter((s) => visible(input, s.status));
  const egov = service.egovSteps.filter((s) => visible(input, s.status));
  // The provider's inner steps carry durations meant for staff; a parent gets the egov steps.
  const inner = steps.map((s) => ({ text: s.text, citations: s.citations, status: s.status }));
  const list =
    input.view === "parent" ? (egov.length > 0 ? egov : inner) : inner.length > 0 ? inner : egov;
  if (list.length === 0) return [];
  return [
    `${t(lang, "answers-steps")}:`,
    ...list.slice(0, 5).map((s) => bullet(input, s.text[lang], s.citations, s.status)),
  ];
}

function windowLines(input: FieldInput): string[] {
  return admissionWindowLines({
    catalogue: input.catalogue,
    service: input.service,
    lang: input.lang,
    t: input.t,
    sink: input.sink,
    now: input.now,
    overrides: input.admissionWindowOverrides,
    parent: input.view === "parent",
  });
}

function eligibilityLines(input: FieldInput): string[] {
  const { service, lang, t, sink } = input;
  if (!visible(input, service.summary.status)) return [];
  return [
    `${t(lang, "answers-eligibility")}: ${service.summary.text[lang]}${sink.cite(service.summary.citations, service.summary.status)}`,
  ];
}

function overdueLines(input: FieldInput): string[] {
  const { t, lang } = input;
  // The term first, so the parent can see whether it has passed; then where to turn.
  const lines = termLines(input);
  const term = input.service.terms.find(
    (c) => c.status === "current" && c.kind === "service" && c.amount !== undefined,
  );
  const due =
    input.submitted && term && input.workingTime
      ? overdueFor(input.submitted, term, input.workingTime, input.now)
      : null;
  if (due)
    lines.push(
      t(lang, due.overdue ? "answers-overdue-passed" : "answers-overdue-not-yet", {
        submitted: formatDotted(due.submitted),
        due: formatDotted(due.due),
      }),
    );
  return [...lines, t(lang, "answers-overdue")];
}

function providerLines(input: FieldInput): string[] {
  const { service, lang, t, sink } = input;
  const lines = [
    `${t(lang, "answers-provider")}:`,
    ...service.providers.map((p) => bullet(input, p.name[lang], p.citations)),
  ];
  if (service.informationSystem && input.view === "operator")
    lines.push(
      `${t(lang, "answers-system")}: ${service.informationSystem.value}${sink.cite(service.informationSystem.citations)}`,
    );
  return lines;
}

/** One renderer per field: a heading line and its items, or nothing when the card has none. */
export const fieldRenderers: Record<Field, (input: FieldInput) => string[]> = {
  documents: documentsLines,
  term: termLines,
  fee: feeLines,
  result: resultLines,
  channels: channelsLines,
  refusal: refusalLines,
  hours: hoursLines,
  steps: stepsLines,
  provider: providerLines,
  window: windowLines,
  eligibility: eligibilityLines,
  overdue: overdueLines,
};

/** Headings of the fields, for the "уточните" line of a fact a parent is not shown. */
export const fieldHeading: Partial<Record<Field, string>> = {
  documents: "answers-documents",
  term: "answers-term",
  fee: "answers-fee",
  result: "answers-result",
  channels: "answers-channels",
  refusal: "answers-refusal",
  steps: "answers-steps",
  overdue: "answers-term",
};
