import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import type { Catalogue } from "../knowledge/catalogue.ts";
import { citationsSchema, localizedTextSchema } from "../knowledge/schemas.ts";
import { openValidatedFiles } from "../knowledge/validated-cache.ts";

/**
 * Templates of the documents a parent hands in (`knowledge/documents/<id>.yaml`). Texts hold
 * placeholders filled by `fill.ts`:
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

export class DocumentTemplateError extends Error {
  constructor(readonly problems: string[]) {
    super(`document templates are broken:\n${problems.join("\n")}`);
  }
}

/**
 * Whether the catalogue says the parent's application for this service may be written in free
 * form ("еркін нысанда"): only then is a plain application offered.
 */
export function allowsPlainApplication(catalogue: Catalogue, serviceId: string): boolean {
  const service = catalogue.getService(serviceId);
  return (
    service?.channels?.some(
      (channel) =>
        channel.kind === "provider_office" &&
        channel.documents.some((d) => d.notes.some((n) => n.kk.includes("еркін нысанда"))),
    ) ?? false
  );
}

/** One template file, from the validated snapshot when its text is unchanged. */
async function readTemplate(
  text: string,
  name: string,
  validated: ReturnType<typeof openValidatedFiles>,
): Promise<z.ZodSafeParseResult<DocumentTemplate>> {
  const known = validated.get(name, text);
  if (known !== undefined) return { success: true, data: known as DocumentTemplate };
  const { parse } = await import("yaml");
  const parsed = documentTemplateSchema.safeParse(parse(text));
  if (parsed.success) validated.set(name, text, parsed.data);
  return parsed;
}

/**
 * Loads `<knowledgeDir>/documents/*.yaml`, checked against the catalogue. With `cacheDir`, a
 * file validated before with the same text skips YAML and the schema (`validated-cache.ts`);
 * the checks against the catalogue run either way.
 */
export async function loadDocumentTemplates(
  catalogue: Catalogue,
  options: { cacheDir?: string | undefined } = {},
): Promise<DocumentTemplate[]> {
  const dir = path.join(catalogue.dir, "documents");
  const names = (await readdir(dir).catch(() => [] as string[]))
    .filter((n) => n.endsWith(".yaml"))
    .sort();
  const validated = openValidatedFiles(options.cacheDir, "documents", dir);
  const problems: string[] = [];
  const templates: DocumentTemplate[] = [];
  for (const name of names) {
    const rel = `documents/${name}`;
    const parsed = await readTemplate(
      await readFile(path.join(dir, name), "utf8"),
      name,
      validated,
    );
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        problems.push(`${rel}: ${issue.path.join(".")}: ${issue.message}`);
      continue;
    }
    const t = parsed.data;
    if (`${t.id}.yaml` !== name) problems.push(`${rel}: id: must match the file name`);
    if (t.id !== `${t.service}-${t.kind}`) problems.push(`${rel}: id: must be <service>-<kind>`);
    if (!catalogue.getService(t.service)) problems.push(`${rel}: service: unknown ${t.service}`);
    if (t.kind === "plain" && !allowsPlainApplication(catalogue, t.service))
      problems.push(`${rel}: kind: the catalogue does not list a free-form application`);
    for (const c of t.citations)
      if (!catalogue.resolveCitation(c))
        problems.push(`${rel}: citations: ${c.source}#${c.locator} does not resolve`);
    templates.push(t);
  }
  if (problems.length > 0) throw new DocumentTemplateError(problems);
  validated.save();
  return templates;
}
