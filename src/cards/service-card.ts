import type { Deadline, OfficeState, WorkingTime } from "../calendar/working-time.ts";
import type { Catalogue } from "../knowledge/catalogue.ts";
import type {
  ChannelKind,
  Citation,
  ClaimStatus,
  Fact,
  LocalizedText,
  ProviderKind,
  Service,
  TermClaim,
} from "../knowledge/schemas.ts";

/** One item of a service's practical guide. */
export type GuideItem = Service["guide"][number];

/**
 * A service card: what a parent needs to act, assembled from the catalogue and the working-time
 * calendar for a moment (`now`). Pure and language-neutral (texts stay `{kk, ru}`); the bot
 * renders it to text and the operator console to HTML.
 */
export interface ServiceCard {
  serviceId: string;
  scope: "in_scope" | "redirect";
  name: LocalizedText;
  shortName: LocalizedText;
  summary: Fact;
  providers: { kind: ProviderKind; name: LocalizedText }[];
  /** Documents per way of applying (office, egov.kz...). */
  channels: {
    kind: ChannelKind;
    label?: LocalizedText;
    documents: {
      name: LocalizedText;
      notes: LocalizedText[];
      required: boolean;
      status: ClaimStatus;
    }[];
  }[];
  /** The term that decides when the answer is due, with its status. */
  term?: TermClaim;
  /** When the answer is due if the parent applies at `now` (exact terms only). */
  deadline?: Deadline;
  /** The provider's office at `now`, and when documents are next accepted if not now. */
  office: OfficeState & { nextReception?: Date };
  /** The admission window of this year, when the service has one. */
  admissionWindow?: { start?: string; end: string; openNow: boolean; note?: LocalizedText };
  fee?: { free: boolean; text: LocalizedText; status: ClaimStatus };
  results: Fact[];
  refusalGrounds: Fact[];
  egovSteps: Fact[];
  /** The practical guide (`guide` in the catalogue); unverified items keep their `check` line. */
  guide: GuideItem[];
  /** What is needed first, with the catalogue service that gives it. */
  prerequisites: { text: LocalizedText; service?: { id: string; shortName: LocalizedText } }[];
  redirect?: Fact;
  related: { id: string; shortName: LocalizedText }[];
  /** The bot can fill in the parent's application (a template in `knowledge/documents/`). */
  hasForm: boolean;
  /** Every source the card relies on, resolved, de-duplicated, in order of first use. */
  citations: CardCitation[];
}

export interface CardCitation {
  source: string;
  locator: string;
  sourceTitle: LocalizedText;
  sectionLabel: LocalizedText;
  /** `repealed` sources are history only; the bot marks them. */
  legalStatus: "in_force" | "repealed" | "informational";
  url?: string;
}

/** Claims to follow: superseded and repealed ones are history, not advice. */
function followable<T extends { status: ClaimStatus }>(items: T[]): T[] {
  return items.filter((item) => item.status === "current" || item.status === "unverified");
}

/** The term a parent cares about: the service term, else the e-request term; current first. */
export function pickTerm(terms: TermClaim[]): TermClaim | undefined {
  const usable = followable(terms);
  for (const kind of ["service", "e_request"] as const) {
    const ofKind = usable.filter((t) => t.kind === kind);
    const found = ofKind.find((t) => t.status === "current") ?? ofKind[0];
    if (found) return found;
  }
  return undefined;
}

/** Builds the card of `serviceId` at `now`; undefined when the catalogue has no such service. */
export function buildServiceCard(
  catalogue: Catalogue,
  workingTime: WorkingTime,
  serviceId: string,
  now: Date,
): ServiceCard | undefined {
  const service = catalogue.getService(serviceId);
  if (!service) return undefined;

  const cited: Citation[] = [];
  const use = <T extends { citations: Citation[] }>(item: T): T => {
    cited.push(...item.citations);
    return item;
  };
  const useAll = <T extends { citations: Citation[] }>(items: T[]) => items.map(use);

  use({ citations: service.nameCitations });
  use(service.summary);
  const term = pickTerm(service.terms);
  if (term) use(term);
  const deadline =
    term?.amount !== undefined
      ? workingTime.computeDeadline(now, { amount: term.amount, unit: term.unit })
      : undefined;
  const officeState = workingTime.isOfficeOpen(now);
  const office = officeState.acceptingDocuments
    ? officeState
    : { ...officeState, nextReception: workingTime.nextWorkingStart(now) };

  const today = workingTime.localDate(now);
  const configured = service.admissionWindow
    ? catalogue.admissionWindows.configured.find(
        (w) => w.kind === service.admissionWindow && w.year === Number(today.slice(0, 4)),
      )
    : undefined;
  if (configured) use(configured);

  const channels = followable(service.channels).map((channel) => {
    use(channel);
    return {
      kind: channel.kind,
      ...(channel.label ? { label: channel.label } : {}),
      documents: followable(channel.documents).map((d) => {
        use(d);
        return { name: d.name, notes: d.notes, required: d.required, status: d.status };
      }),
    };
  });
  const prerequisites = followable(service.prerequisites).map((p) => {
    use(p);
    const other = p.service ? catalogue.getService(p.service) : undefined;
    return {
      text: p.text,
      ...(other ? { service: { id: other.id, shortName: other.shortName } } : {}),
    };
  });
  if (service.fee) use(service.fee);
  const providers = useAll(service.providers).map((p) => ({ kind: p.kind, name: p.name }));
  const results = useAll(followable(service.results));
  const refusalGrounds = useAll(followable(service.refusalGrounds));
  const egovSteps = useAll(followable(service.egovSteps));
  const guide = useAll(followable(service.guide));
  const redirect = service.redirect ? use(service.redirect) : undefined;

  const citations: CardCitation[] = [];
  const seen = new Set<string>();
  for (const c of cited) {
    const key = `${c.source}#${c.locator}`;
    const resolved = catalogue.resolveCitation(c);
    if (seen.has(key) || !resolved) continue;
    seen.add(key);
    const url = resolved.section.url ?? resolved.source.urls[0];
    citations.push({
      source: c.source,
      locator: c.locator,
      sourceTitle: resolved.source.title,
      sectionLabel: resolved.section.label,
      legalStatus: resolved.source.legalStatus.status,
      ...(url ? { url } : {}),
    });
  }

  return {
    serviceId: service.id,
    scope: service.scope,
    name: service.name,
    shortName: service.shortName,
    summary: service.summary,
    providers,
    channels,
    ...(term ? { term } : {}),
    ...(deadline ? { deadline } : {}),
    office,
    ...(configured
      ? {
          admissionWindow: {
            ...(configured.start ? { start: configured.start } : {}),
            end: configured.end,
            openNow: (configured.start ?? "0000-00-00") <= today && today <= configured.end,
            ...(configured.note ? { note: configured.note } : {}),
          },
        }
      : {}),
    ...(service.fee
      ? { fee: { free: service.fee.free, text: service.fee.text, status: service.fee.status } }
      : {}),
    results,
    refusalGrounds,
    egovSteps,
    guide,
    prerequisites,
    ...(redirect ? { redirect } : {}),
    related: service.related.flatMap((id) => {
      const other = catalogue.getService(id);
      return other ? [{ id, shortName: other.shortName }] : [];
    }),
    hasForm: catalogue.servicesWithForm.has(service.id),
    citations,
  };
}
