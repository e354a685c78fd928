import { z } from "zod";
import { isoDateSchema, localizedTextSchema, sectionIdSchema, sourceIdSchema } from "./common.ts";

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
