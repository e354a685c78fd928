import { z } from "zod";
import { citationsSchema, claimStatusSchema, factSchema, localizedTextSchema } from "./common.ts";
import { informationSystemSchema, providerKindSchema } from "./organisations.ts";

/** Stable service id (snake_case), e.g. `home_schooling`. */
export const serviceIdSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]*$/, "expected a snake_case service id like home_schooling");
export type ServiceId = z.infer<typeof serviceIdSchema>;

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
