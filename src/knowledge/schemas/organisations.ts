import { z } from "zod";
import { citationsSchema } from "./common.ts";

/** Id of a kind of provider (snake_case), listed in `knowledge/organisations.yaml`. */
export const providerKindSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]*$/, "expected a snake_case provider kind like school");
export type ProviderKind = z.infer<typeof providerKindSchema>;

/** Name of an information system, listed in `knowledge/organisations.yaml`. */
export const informationSystemSchema = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9]*$/, "expected a system name like its API spells it");
export type InformationSystem = z.infer<typeof informationSystemSchema>;

/** A kind of provider and where it may appear. */
export const providerKindRecordSchema = z.object({
  id: providerKindSchema,
  /** May appear in the provider directory (CSV import, demo data). */
  directory: z.boolean().default(false),
  /** Parents may subscribe to its admission-window reminders. */
  reminders: z.boolean().default(false),
});
export type ProviderKindRecord = z.infer<typeof providerKindRecordSchema>;

/** An information system, with how its API names an application's statuses. */
export const informationSystemRecordSchema = z.object({
  id: informationSystemSchema,
  citations: citationsSchema,
  /** Its status code → the stage it means (`src/applications/stages.ts`). */
  statuses: z.record(z.string().min(1), z.string().min(1)).default({}),
});
export type InformationSystemRecord = z.infer<typeof informationSystemRecordSchema>;

/**
 * The unified contact centre for public services. Parents and operators see its numbers through
 * the Fluent terms `-centre-phone` and `-centre-toll-free` (`locales/<lang>/terms.ftl`), which a
 * test keeps equal to these.
 */
export const contactCentreSchema = z.object({
  phone: z.string().regex(/^\d{3,6}$/, "expected a short number of 3 to 6 digits"),
  tollFree: z.string().regex(/^8-800-\d{3}-\d{4}$/, "expected a toll-free number 8-800-NNN-NNNN"),
  citations: citationsSchema,
});
export type ContactCentre = z.infer<typeof contactCentreSchema>;

/** `knowledge/organisations.yaml`. */
export const organisationsFileSchema = z.object({
  providerKinds: z.array(providerKindRecordSchema).min(1),
  informationSystems: z.array(informationSystemRecordSchema).min(1),
  contactCentre: contactCentreSchema,
});
export type OrganisationsFile = z.infer<typeof organisationsFileSchema>;
