import { z } from "zod";

/**
 * Zod schemas of the knowledge catalogue (`knowledge/`). They are the contract people edit:
 * every YAML file under `knowledge/` is parsed by one of these when the catalogue loads.
 * Every fact carries `citations` (a non-empty list of {@link citationSchema}) so that an answer
 * can say where it comes from.
 */

/** ISO calendar date, `YYYY-MM-DD` (a local date in Asia/Almaty, no time). */
export const isoDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "expected a date YYYY-MM-DD");
/** Local time of day, `HH:MM` (24 h). */
export const timeOfDaySchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "expected time HH:MM");

/** Text in both working languages. Kazakh first. */
export const localizedTextSchema = z.object({
  kk: z.string().min(1),
  ru: z.string().min(1),
});
export type LocalizedText = z.infer<typeof localizedTextSchema>;

/** Id of a source record: the file name of `knowledge/sources/<id>.yaml` (kebab-case). */
export const sourceIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, "expected a kebab-case source id like order-223");
export type SourceId = z.infer<typeof sourceIdSchema>;

/**
 * Id of a section inside a source (the locator). Stable; dotted for nesting, e.g.
 * `item-1.3`, `annex-4-kk.row-8` (the annex number says which numbering it follows, see the
 * source's `note`), `para-2`.
 */
export const sectionIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]*$/, "expected a section id like annex-1.row-3");
export type SectionId = z.infer<typeof sectionIdSchema>;

/** Where a fact comes from: a section of a source. Must resolve (checked on load). */
export const citationSchema = z.object({
  /** Source id, e.g. `order-223`. */
  source: sourceIdSchema,
  /** Section id inside that source, e.g. `annex-4-kk.row-3`. */
  locator: sectionIdSchema,
  /** Optional precision ("sub-item 2)", "second sentence"). */
  note: z.string().optional(),
});
export type Citation = z.infer<typeof citationSchema>;

/** Non-empty list of citations; every fact has one. */
export const citationsSchema = z.array(citationSchema).min(1, "every fact needs a citation");

/**
 * Whether a claim is the one to follow:
 * - `current`: follow it (latest in-force source);
 * - `superseded`: an older wording replaced by a newer edition;
 * - `repealed`: comes from a repealed act (history only, never the rule);
 * - `unverified`: the only available claim, not confirmed against the act in force.
 */
export const claimStatusSchema = z.enum(["current", "superseded", "repealed", "unverified"]);
export type ClaimStatus = z.infer<typeof claimStatusSchema>;

/** A cited statement in both languages. */
export const factSchema = z.object({
  text: localizedTextSchema,
  citations: citationsSchema,
  /** Defaults to `current`. */
  status: claimStatusSchema.default("current"),
  /** Why this status (required in spirit when status is not `current`). */
  why: localizedTextSchema.optional(),
});
export type Fact = z.infer<typeof factSchema>;

// ---------------------------------------------------------------------------------------------
// Sources

/** A repealing (or amending) act named by a source's legal status. */
export const actReferenceSchema = z.object({
  title: localizedTextSchema,
  number: z.string().optional(),
  date: isoDateSchema,
  /** Source id if the act itself is in the catalogue. */
  source: sourceIdSchema.optional(),
});
export type ActReference = z.infer<typeof actReferenceSchema>;

/** Legal status of a source: `in_force`, `repealed` (with the repealing act) or `informational`. */
export const legalStatusSchema = z.discriminatedUnion("status", [
  z.object({
    status: z.literal("in_force"),
    /** Amendments known to the catalogue, oldest first. */
    amendedBy: z.array(actReferenceSchema).default([]),
  }),
  z.object({ status: z.literal("repealed"), repealedBy: actReferenceSchema }),
  z.object({ status: z.literal("informational"), note: localizedTextSchema.optional() }),
]);
export type LegalStatus = z.infer<typeof legalStatusSchema>;

/** A citable part of a source (order item, annex + item, table row, paragraph). */
export const sectionSchema = z.object({
  /** Stable locator, unique in the source. */
  id: sectionIdSchema,
  /** Human label, e.g. {kk: "4-қосымша, 8-жол", ru: "приложение 4, строка 8"}. */
  label: localizedTextSchema,
  /**
   * For seed documents: the original text, verbatim (whitespace trimmed only).
   * For web facts: a short re-worded summary of what the page says (never pasted).
   */
  text: z.string().min(1),
  /** Language of `text`. */
  language: z.enum(["kk", "ru", "en"]),
  /** Page address of this part, when it differs from the source's. */
  url: z.url().optional(),
});
export type Section = z.infer<typeof sectionSchema>;

/** Kind of source record. */
export const sourceKindSchema = z.enum([
  /** A normative legal act (order, resolution, law). */
  "act",
  /** A procedure or summary text published by a provider. */
  "procedure",
  /** A notice or news page (school, ministry, news agency). */
  "notice",
  /** An official service page (egov.kz). */
  "service_page",
]);
export type SourceKind = z.infer<typeof sourceKindSchema>;

/** A source record: `knowledge/sources/<id>.yaml`. */
export const sourceSchema = z.object({
  id: sourceIdSchema,
  kind: sourceKindSchema,
  title: localizedTextSchema,
  /**
   * Short name for inline citations, without the date ("№ 223 бұйрық" / "Приказ № 223"); answers
   * print it with the date and the locator ("Приказ № 223 от 27.05.2020, приложение 4, строка 8").
   */
  shortTitle: localizedTextSchema.optional(),
  /** Issuing body (ministry, akimat, school, portal). */
  issuer: localizedTextSchema.optional(),
  /** Act number as printed ("223", "604"). */
  number: z.string().optional(),
  /** Date of the act or publication; omitted when the source is undated. */
  date: isoDateSchema.optional(),
  /** State registration with the Ministry of Justice (or a regional justice department). */
  registration: z
    .object({ number: z.string(), date: isoDateSchema, body: localizedTextSchema.optional() })
    .optional(),
  legalStatus: legalStatusSchema,
  /** Language(s) of the original text. */
  language: z.array(z.enum(["kk", "ru", "en"])).min(1),
  /** File name in `../shared/seeds` (beside the repository) when the source is a seed document. */
  seedFile: z.string().optional(),
  /** Public addresses of the source. */
  urls: z.array(z.url()).default([]),
  /** Caveats about the source (e.g. annex numbering), both languages. */
  note: localizedTextSchema.optional(),
  sections: z.array(sectionSchema).min(1),
});
export type Source = z.infer<typeof sourceSchema>;

// ---------------------------------------------------------------------------------------------
// Services

/** Stable service id (snake_case), e.g. `home_schooling`. */
export const serviceIdSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]*$/, "expected a snake_case service id like home_schooling");
export type ServiceId = z.infer<typeof serviceIdSchema>;

/** Information systems that run education services (seed 004). */
export const informationSystemSchema = z.enum(["Bilimal", "Malahit", "Mindal", "Indigo"]);
export type InformationSystem = z.infer<typeof informationSystemSchema>;

/** Ways to apply. */
export const channelKindSchema = z.enum([
  /** The provider's office (school, PMPK, centre). */
  "provider_office",
  /** egov.kz web portal. */
  "egov_portal",
  /** A mobile number registered on egov.kz / eGov Mobile. */
  "egov_mobile",
  /** "Правительство для граждан" State Corporation (ЦОН/ХҚКО). */
  "government_for_citizens",
  /** The local executive body (akimat, education department). */
  "local_authority",
]);
export type ChannelKind = z.infer<typeof channelKindSchema>;

/** Units a term can be given in. */
export const termUnitSchema = z.enum(["working_days", "calendar_days", "hours", "minutes"]);
export type TermUnit = z.infer<typeof termUnitSchema>;

/** A duration as the source says it. */
export const termSchema = z.object({
  amount: z.number().positive(),
  unit: termUnitSchema,
});
export type Term = z.infer<typeof termSchema>;

/** A document to hand in. */
export const documentSchema = z.object({
  name: localizedTextSchema,
  /**
   * Conditions and remarks: "free form", "original for comparison",
   * "only if not in the information system", "if special conditions are needed".
   */
  notes: z.array(localizedTextSchema).default([]),
  /** False when the document is needed only in some cases (see notes). */
  required: z.boolean().default(true),
  citations: citationsSchema,
  status: claimStatusSchema.default("current"),
});
export type ServiceDocument = z.infer<typeof documentSchema>;

/** One way to apply, with its document list. */
export const channelSchema = z.object({
  kind: channelKindSchema,
  /** Optional wording of the channel as the source gives it. */
  label: localizedTextSchema.optional(),
  documents: z.array(documentSchema).default([]),
  citations: citationsSchema,
  status: claimStatusSchema.default("current"),
  /** Why this status (e.g. which source it rests on when not verified). */
  why: localizedTextSchema.optional(),
});
export type Channel = z.infer<typeof channelSchema>;

/** What a processing or waiting term measures. */
export const termKindSchema = z.enum([
  /** Time to provide the service (the deadline a user cares about). */
  "service",
  /** Processing of an electronic request. */
  "e_request",
  /** Maximum waiting time to hand in documents. */
  "waiting",
  /** Maximum time of serving the applicant at the desk. */
  "serving",
  /** A course/programme length (e.g. rehabilitation 90–365 days). */
  "course",
  /** A step of the business process. */
  "step",
]);
export type TermKind = z.infer<typeof termKindSchema>;

/**
 * A term claim. Either `amount` (exact) or `min`+`max` (a range), in `unit`.
 * Several claims of the same kind may disagree; `status` says which one is current.
 */
export const termClaimSchema = z
  .object({
    kind: termKindSchema,
    unit: termUnitSchema,
    amount: z.number().positive().optional(),
    min: z.number().nonnegative().optional(),
    max: z.number().positive().optional(),
    /** Channel or form the term applies to (e.g. proactive form, e-request). */
    appliesTo: localizedTextSchema.optional(),
    citations: citationsSchema,
    status: claimStatusSchema.default("current"),
    why: localizedTextSchema.optional(),
  })
  .refine((t) => t.amount !== undefined || (t.min !== undefined && t.max !== undefined), {
    message: "a term needs amount, or min and max",
  });
export type TermClaim = z.infer<typeof termClaimSchema>;

/** Service forms. */
export const serviceFormSchema = z.enum(["electronic", "paper", "proactive"]);
export type ServiceForm = z.infer<typeof serviceFormSchema>;

/** Kinds of provider. */
export const providerKindSchema = z.enum([
  "school",
  "pmpk",
  "rehabilitation_centre",
  "correction_room",
  "special_organisation",
  "preschool",
  "additional_education",
  "college_or_university",
  "local_education_authority",
  "social_protection",
  "government_for_citizens",
]);
export type ProviderKind = z.infer<typeof providerKindSchema>;

/** A step of the provider's business process. */
export const processStepSchema = z.object({
  order: z.number().int().positive(),
  /** Who acts (office clerk, head, responsible officer). */
  actor: localizedTextSchema.optional(),
  text: localizedTextSchema,
  duration: termSchema.optional(),
  citations: citationsSchema,
  status: claimStatusSchema.default("current"),
  why: localizedTextSchema.optional(),
});
export type ProcessStep = z.infer<typeof processStepSchema>;

/** Something needed before applying (e.g. special admission needs a PMPK conclusion). */
export const prerequisiteSchema = z.object({
  /** Service that produces what is needed, if it is in the catalogue. */
  service: serviceIdSchema.optional(),
  text: localizedTextSchema,
  citations: citationsSchema,
  status: claimStatusSchema.default("current"),
  why: localizedTextSchema.optional(),
});
export type Prerequisite = z.infer<typeof prerequisiteSchema>;

/** Search words in both languages (lower case, as people type them). */
export const keywordsSchema = z.object({
  kk: z.array(z.string().min(1)).default([]),
  ru: z.array(z.string().min(1)).default([]),
});
export type Keywords = z.infer<typeof keywordsSchema>;

/** A service record: `knowledge/services/<id>.yaml`. */
export const serviceSchema = z.object({
  id: serviceIdSchema,
  /**
   * `in_scope`: Qoldau answers about it. `redirect`: a neighbour service owned by another
   * body; answers only say where to go (`redirect`).
   */
  scope: z.enum(["in_scope", "redirect"]).default("in_scope"),
  /** Official name, with the citation for it. */
  name: localizedTextSchema,
  /** Short everyday name for buttons and lists. */
  shortName: localizedTextSchema,
  nameCitations: citationsSchema,
  /** One or two sentences: what the service gives. */
  summary: factSchema,
  providers: z.array(
    z.object({ kind: providerKindSchema, name: localizedTextSchema, citations: citationsSchema }),
  ),
  informationSystem: z
    .object({ value: informationSystemSchema, citations: citationsSchema })
    .optional(),
  channels: z.array(channelSchema).default([]),
  terms: z.array(termClaimSchema).default([]),
  forms: z
    .object({
      values: z.array(serviceFormSchema).min(1),
      citations: citationsSchema,
      status: claimStatusSchema.default("current"),
      why: localizedTextSchema.optional(),
    })
    .optional(),
  /** Result claims; several when editions disagree (see status). */
  results: z.array(factSchema).default([]),
  /**
   * The fee. `status: repealed` when only a repealed act states it: answers show it as history
   * (the text must say so), never as the rule in force.
   */
  fee: z
    .object({
      free: z.boolean(),
      text: localizedTextSchema,
      citations: citationsSchema,
      status: claimStatusSchema.default("current"),
      why: localizedTextSchema.optional(),
    })
    .optional(),
  refusalGrounds: z.array(factSchema).default([]),
  steps: z.array(processStepSchema).default([]),
  prerequisites: z.array(prerequisiteSchema).default([]),
  /** How to apply on egov, step by step. */
  egovSteps: z.array(factSchema).default([]),
  /** Other rules worth answering (rights of the applicant, where to complain, contacts). */
  rules: z.array(factSchema.extend({ id: z.string().regex(/^[a-z0-9_-]+$/) })).default([]),
  /**
   * A practical guide for parents (how to get there, what to bring, how long it takes, what you
   * get), in the order they need it. An item whose status is not `current` is shown to parents
   * with its `check` line: where to confirm it, instead of the staff's reason (`why`).
   */
  guide: z
    .array(
      factSchema.extend({
        id: z.string().regex(/^[a-z0-9_-]+$/),
        heading: localizedTextSchema,
        check: localizedTextSchema.optional(),
        /** Answers to a parent this item stands in for when the card leaves them unsettled. */
        answers: z
          .array(z.enum(["documents", "term", "fee", "result", "channels", "steps"]))
          .default([]),
      }),
    )
    .default([]),
  /** Admission-window kind that governs this service, if any (see admission-windows.yaml). */
  admissionWindow: z.enum(["first_grade", "special_admission"]).optional(),
  /** For `scope: redirect`: where to go instead. */
  redirect: factSchema.optional(),
  keywords: keywordsSchema,
  /** Related services in the catalogue. */
  related: z.array(serviceIdSchema).default([]),
});
export type Service = z.infer<typeof serviceSchema>;

// ---------------------------------------------------------------------------------------------
// Calendar

/** Kind of public holiday. Religious holidays are not moved when they fall on a weekend. */
export const holidayKindSchema = z.enum(["national", "state", "religious"]);

/** A public holiday: fixed (`month`+`day`, every year) or movable (`dates` per year). */
export const holidaySchema = z
  .object({
    id: z.string().regex(/^[a-z0-9_-]+$/),
    name: localizedTextSchema,
    kind: holidayKindSchema,
    /** For fixed holidays: month 1–12 and day. */
    month: z.number().int().min(1).max(12).optional(),
    day: z.number().int().min(1).max(31).optional(),
    /** For movable holidays (Kurban ait): the exact dates, by year. */
    dates: z.array(isoDateSchema).optional(),
    citations: citationsSchema,
  })
  .refine((h) => (h.month !== undefined && h.day !== undefined) || (h.dates?.length ?? 0) > 0, {
    message: "a holiday needs month and day, or dates",
  });
export type Holiday = z.infer<typeof holidaySchema>;

/** A day moved by a government resolution (day off ↔ working day). */
export const transferSchema = z.object({
  date: isoDateSchema,
  /** `day_off`: this (working) day becomes a day off; `working_day`: this weekend day is worked. */
  becomes: z.enum(["day_off", "working_day"]),
  reason: localizedTextSchema,
  /** Unverified transfers are recorded but ignored by the calendar functions. */
  verified: z.boolean(),
  note: z.string().optional(),
  citations: citationsSchema,
});
export type Transfer = z.infer<typeof transferSchema>;

/** `knowledge/calendar/holidays.yaml`. */
export const calendarSchema = z.object({
  /** Years this file is known to cover (deadlines outside them are less certain). */
  years: z.array(z.number().int()).min(1),
  holidays: z.array(holidaySchema).min(1),
  /**
   * Rule: when a holiday that is not religious falls on a Saturday or Sunday, the next working
   * day is a day off (Law "On holidays", art. 5). Applied by the calendar functions.
   */
  weekendRule: z.object({
    enabled: z.boolean(),
    excludeKinds: z.array(holidayKindSchema).default(["religious"]),
    text: localizedTextSchema,
    citations: citationsSchema,
  }),
  transfers: z.array(transferSchema).default([]),
});
export type Calendar = z.infer<typeof calendarSchema>;

/** A start–end time span in local time. */
export const timeSpanSchema = z.object({ start: timeOfDaySchema, end: timeOfDaySchema });
export type TimeSpan = z.infer<typeof timeSpanSchema>;

/** `knowledge/calendar/working-hours.yaml`: providers' hours, in `timezone`. */
export const workingHoursSchema = z.object({
  /** IANA zone; Kazakhstan is a single UTC+5 zone since 2024. */
  timezone: z.literal("Asia/Almaty"),
  /** Fixed UTC offset used for calculations, e.g. "+05:00". */
  utcOffset: z.string().regex(/^[+-]\d{2}:\d{2}$/),
  /** ISO weekdays that are working days (1 = Monday … 7 = Sunday). */
  weekdays: z.array(z.number().int().min(1).max(7)).min(1),
  /** Office hours. */
  office: timeSpanSchema,
  /** Lunch break (closed). */
  lunch: timeSpanSchema,
  /** When applications are accepted and results issued. */
  reception: timeSpanSchema,
  /** The portal accepts applications round the clock; off-hours ones count from the next working day. */
  portal: factSchema,
  citations: citationsSchema,
});
export type WorkingHours = z.infer<typeof workingHoursSchema>;

// ---------------------------------------------------------------------------------------------
// Admission windows

export const admissionKindSchema = z.enum(["first_grade", "special_admission"]);
export type AdmissionKind = z.infer<typeof admissionKindSchema>;

/** Month-day, `MM-DD`. */
export const monthDaySchema = z.string().regex(/^\d{2}-\d{2}$/, "expected MM-DD");

/** What one source says about a window. `start` may be absent ("not later than 30 August"). */
export const admissionWindowClaimSchema = z.object({
  kind: admissionKindSchema,
  /** Years the claim is about; empty when the source does not say (undated standard). */
  years: z.array(z.number().int()).default([]),
  start: monthDaySchema.optional(),
  end: monthDaySchema,
  citations: citationsSchema,
  status: claimStatusSchema,
  why: localizedTextSchema,
});
export type AdmissionWindowClaim = z.infer<typeof admissionWindowClaimSchema>;

/** The configured window for a kind and year (wins over claims; DB overrides win over it). */
export const admissionWindowSchema = z.object({
  kind: admissionKindSchema,
  year: z.number().int(),
  start: isoDateSchema.optional(),
  end: isoDateSchema,
  citations: citationsSchema,
  note: localizedTextSchema.optional(),
});
export type AdmissionWindow = z.infer<typeof admissionWindowSchema>;

/** `knowledge/admission-windows.yaml`. */
export const admissionWindowsFileSchema = z.object({
  claims: z.array(admissionWindowClaimSchema),
  configured: z.array(admissionWindowSchema),
});
export type AdmissionWindowsFile = z.infer<typeof admissionWindowsFileSchema>;
