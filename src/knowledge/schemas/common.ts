import { z } from "zod";

/** Building blocks every knowledge file shares: dates, bilingual text, citations, claim status. */
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
