import { z } from "zod";
import {
  citationsSchema,
  claimStatusSchema,
  isoDateSchema,
  localizedTextSchema,
} from "./common.ts";

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
