import { z } from "zod";
import { citationsSchema, localizedTextSchema } from "./common.ts";

/**
 * Templates of the documents a parent hands in (`knowledge/documents/<service>-<kind>.yaml`).
 * A service has an application form exactly when it has a template here. Texts hold
 * placeholders filled by `src/documents/fill.ts`:
 * `{school}`; `{parent}`, `{child}` and their cases `.genitive`, `.dative`, `.accusative`,
 * `.ablative` (Kazakh); `{grade}`, `{grade.ordinal}` (kk "3-"), `{grade.ordinal.nominative|
 * genitive|prepositional}` (ru "3-й", "3-го", "3-м"); `{w.<word>}` a word that depends on
 * son/daughter; `{conclusion}` the reference to the medical or PMPK conclusion (empty when the
 * parent gave no number), built from `conclusion.given` with `{conclusion.number}` and
 * `{conclusion.date}`.
 */

/** One line of the page, with an optional small caption under it (the form's field hints). */
export const lineSchema = z.object({ text: z.string(), hint: z.string().optional() });
export type TemplateLine = z.infer<typeof lineSchema>;

const languageTextSchema = z.object({
  /** Small right-aligned lines above everything (the annex reference of an official form). */
  corner: z.array(z.string().min(1)).default([]),
  /** The block at the top right: to whom and from whom. */
  addressee: z.array(lineSchema).min(1),
  title: z.string().min(1),
  body: z.array(lineSchema).min(1),
  /** Heading of the list of attached documents (taken from the catalogue); none when absent. */
  attachments: z.string().min(1).optional(),
  date: z.string().min(1),
  signature: z.string().min(1),
});

const genderedSchema = z.object({ son: z.string().min(1), daughter: z.string().min(1) });

export const documentTemplateSchema = z.object({
  /** `<service>-<kind>`, equal to the file name. */
  id: z.string().regex(/^[a-z][a-z0-9_]*-(official|plain)$/),
  service: z.string().min(1),
  /** `official`: a form approved by an act; `plain`: an application in free form. */
  kind: z.enum(["official", "plain"]),
  /** How the bot, the CLI and the console name the document. */
  label: localizedTextSchema,
  citations: citationsSchema,
  /** File name without extension, Latin letters (phones handle them everywhere). */
  fileName: z.object({
    kk: z.string().regex(/^[a-z0-9-]+$/),
    ru: z.string().regex(/^[a-z0-9-]+$/),
  }),
  /** The conclusion the application refers to; its number and date are optional. */
  conclusion: z.object({ name: localizedTextSchema, given: localizedTextSchema }).optional(),
  words: z.object({
    kk: z.record(z.string(), genderedSchema),
    ru: z.record(z.string(), genderedSchema),
  }),
  text: z.object({ kk: languageTextSchema, ru: languageTextSchema }),
});
export type DocumentTemplate = z.infer<typeof documentTemplateSchema>;
export type DocumentKind = DocumentTemplate["kind"];
