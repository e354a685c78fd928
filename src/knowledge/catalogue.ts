import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { z } from "zod";
import { type CentreSchedule, centreScheduleSchema } from "./centre-schedule.ts";
import { type Conversation, conversationSchema } from "./conversation.ts";
import { checkParentsMenu, type ParentsMenu, parentsMenuSchema } from "./parents-menu.ts";
import {
  type AdmissionWindow,
  type AdmissionWindowClaim,
  admissionWindowsFileSchema,
  type Calendar,
  type Citation,
  type ContactCentre,
  calendarSchema,
  type DocumentTemplate,
  documentTemplateSchema,
  type InformationSystemRecord,
  organisationsFileSchema,
  type ProviderKindRecord,
  type Section,
  type Service,
  type Source,
  serviceSchema,
  sourceSchema,
  type WorkingHours,
  workingHoursSchema,
} from "./schemas.ts";
import { type Synonyms, synonymsSchema } from "./synonyms.ts";
import { openValidatedFiles, type ValidatedFiles } from "./validated-cache.ts";

/**
 * A knowledge file is broken or a citation does not resolve. The message names the file
 * (relative to the knowledge dir), the path inside it and what is wrong, e.g.
 * `services/pmpk.yaml: channels[1].documents[0].name.ru: expected string`.
 */
export class KnowledgeError extends Error {
  override readonly name = "KnowledgeError";
  constructor(
    message: string,
    readonly file?: string,
    readonly problems: string[] = [message],
  ) {
    super(message);
  }
}

/** The loaded, validated catalogue. */
export interface Catalogue {
  dir: string;
  sources: Source[];
  services: Service[];
  calendar: Calendar;
  workingHours: WorkingHours;
  /** When 1414 operators take conversations from the bot (`calendar/contact-centre.yaml`). */
  centreSchedule: CentreSchedule;
  admissionWindows: { claims: AdmissionWindowClaim[]; configured: AdmissionWindow[] };
  /** Search vocabulary (`synonyms.yaml`): synonym groups, intent cues, out-of-scope topics. */
  synonyms: Synonyms;
  /** Messages that are not service questions (`conversation.yaml`): small talk, a person, someone else's data, other bodies. */
  conversation: Conversation;
  /** The bot's services list for parents, in order, and the staff-only services (`parents-menu.yaml`). */
  parentsMenu: ParentsMenu;
  /** Kinds of provider (`organisations.yaml`): what services and the directory may name. */
  providerKinds: ProviderKindRecord[];
  /** Information systems (`organisations.yaml`) with their status codes. */
  informationSystems: InformationSystemRecord[];
  /** The unified contact centre's numbers (`organisations.yaml`; locale term `-centre-phone`). */
  contactCentre: ContactCentre;
  /** Templates of the documents a parent hands in (`documents/`), in file order. */
  documentTemplates: DocumentTemplate[];
  /** Services with an application form: those with at least one template in `documents/`. */
  servicesWithForm: ReadonlySet<string>;
  getSource(id: string): Source | undefined;
  getService(id: string): Service | undefined;
  getSection(sourceId: string, sectionId: string): Section | undefined;
  /** Resolves a citation to its source and section (undefined if it does not resolve). */
  resolveCitation(citation: Citation): { source: Source; section: Section } | undefined;
}

/** `a.b[1].c` from a zod issue path. */
export function formatPath(issuePath: readonly PropertyKey[]): string {
  let out = "";
  for (const key of issuePath) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out || "(root)";
}

async function readText(dir: string, rel: string): Promise<string> {
  return readFile(path.join(dir, rel), "utf8").catch((err: NodeJS.ErrnoException) => {
    throw new KnowledgeError(`${rel}: cannot read file (${err.code ?? err.message})`, rel);
  });
}

async function parseYamlText(text: string, rel: string): Promise<unknown> {
  // Loaded only when a file is not in the validated snapshot: most starts never need it.
  const { parse, YAMLParseError } = await import("yaml");
  try {
    return parse(text, { prettyErrors: true });
  } catch (err) {
    const what = err instanceof YAMLParseError ? err.message.split("\n")[0] : String(err);
    throw new KnowledgeError(`${rel}: invalid YAML: ${what}`, rel);
  }
}

function validate<S extends z.ZodType>(schema: S, data: unknown, rel: string): z.output<S> {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const problems = result.error.issues.map(
    (issue) => `${rel}: ${formatPath(issue.path)}: ${issue.message}`,
  );
  throw new KnowledgeError(problems.join("\n"), rel, problems);
}

/** One file's validated value: from the snapshot when its text is unchanged, else parsed. */
async function readValidated<S extends z.ZodType>(
  dir: string,
  rel: string,
  schema: S,
  validated: ValidatedFiles,
): Promise<z.output<S>> {
  const text = await readText(dir, rel);
  const known = validated.get(rel, text);
  if (known !== undefined) return known as z.output<S>;
  const value = validate(schema, await parseYamlText(text, rel), rel);
  validated.set(rel, text, value);
  return value;
}

/** Runs `load`, collecting a KnowledgeError's problems instead of throwing. */
async function collect<T>(problems: string[], load: () => Promise<T>): Promise<T | undefined> {
  try {
    return await load();
  } catch (err) {
    if (!(err instanceof KnowledgeError)) throw err;
    problems.push(...err.problems);
    return undefined;
  }
}

async function loadDir<S extends z.ZodType>(
  dir: string,
  sub: string,
  schema: S,
  problems: string[],
  validated: ValidatedFiles,
): Promise<{ rel: string; value: z.output<S> }[]> {
  const names = (await readdir(path.join(dir, sub)).catch(() => [] as string[]))
    .filter((n) => n.endsWith(".yaml"))
    .sort();
  const out: { rel: string; value: z.output<S> }[] = [];
  for (const name of names) {
    const rel = `${sub}/${name}`;
    const value = await collect(problems, () => readValidated(dir, rel, schema, validated));
    if (value !== undefined) out.push({ rel, value });
  }
  return out;
}

/**
 * Whether a listed document is the application itself, in free form: the standard's note says
 * "еркін нысанда" (the seeds' wording). It is what Qoldau's form fills; the rest are attachments.
 */
export function isFreeFormApplication(document: { notes: readonly { kk: string }[] }): boolean {
  return document.notes.some((note) => note.kk.includes("еркін нысанда"));
}

/**
 * Whether the service's office channel lists an application in free form: only then may a
 * plain application be offered for it.
 */
function allowsPlainApplication(service: Service): boolean {
  return (service.channels ?? []).some(
    (channel) =>
      channel.kind === "provider_office" && channel.documents.some(isFreeFormApplication),
  );
}

/** Walks any value and yields every `{source, locator}` citation with its path. */
function* findCitations(value: unknown, at: PropertyKey[] = []): Generator<[Citation, string]> {
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) yield* findCitations(v, [...at, i]);
  } else if (value && typeof value === "object") {
    const obj = value as Record<string, unknown>;
    if (typeof obj.source === "string" && typeof obj.locator === "string") {
      yield [obj as unknown as Citation, formatPath(at)];
      return;
    }
    for (const [k, v] of Object.entries(obj)) yield* findCitations(v, [...at, k]);
  }
}

/**
 * Loads and validates every file under `dir` (default `knowledge`), then checks that ids are
 * unique, file names match ids and every citation resolves to a real source section.
 * Asynchronous. Throws {@link KnowledgeError} listing every problem of every broken file (one
 * line each); citations are checked once all files are valid.
 *
 * With `cacheDir`, files whose text was validated before are read from a snapshot there
 * (`validated-cache.ts`) instead of being parsed and validated again; the checks across files
 * below run on every load either way.
 */
export async function loadCatalogue(
  dir = "knowledge",
  options: { cacheDir?: string | undefined } = {},
): Promise<Catalogue> {
  const problems: string[] = [];
  const validated = openValidatedFiles(options.cacheDir, "knowledge", dir);
  const sourceFiles = await loadDir(dir, "sources", sourceSchema, problems, validated);
  const serviceFiles = await loadDir(dir, "services", serviceSchema, problems, validated);
  const documentFiles = await loadDir(
    dir,
    "documents",
    documentTemplateSchema,
    problems,
    validated,
  );
  const loadFile = <S extends z.ZodType>(schema: S, rel: string) =>
    collect(problems, () => readValidated(dir, rel, schema, validated));
  const calendar = await loadFile(calendarSchema, "calendar/holidays.yaml");
  const workingHours = await loadFile(workingHoursSchema, "calendar/working-hours.yaml");
  const centreSchedule = await loadFile(centreScheduleSchema, "calendar/contact-centre.yaml");
  const admissionWindows = await loadFile(admissionWindowsFileSchema, "admission-windows.yaml");
  const synonyms = await loadFile(synonymsSchema, "synonyms.yaml");
  const conversation = await loadFile(conversationSchema, "conversation.yaml");
  const parentsMenu = await loadFile(parentsMenuSchema, "parents-menu.yaml");
  const organisations = await loadFile(organisationsFileSchema, "organisations.yaml");
  if (
    problems.length > 0 ||
    !calendar ||
    !workingHours ||
    !centreSchedule ||
    !admissionWindows ||
    !synonyms ||
    !conversation ||
    !parentsMenu ||
    !organisations
  ) {
    throw new KnowledgeError(problems.join("\n"), problems[0]?.split(":")[0], problems);
  }

  const sourceById = new Map<string, Source>();
  const sectionIndex = new Map<string, Map<string, Section>>();
  for (const { rel, value } of sourceFiles) {
    if (`sources/${value.id}.yaml` !== rel) problems.push(`${rel}: id: must match the file name`);
    if (sourceById.has(value.id)) problems.push(`${rel}: id: duplicate source id ${value.id}`);
    sourceById.set(value.id, value);
    const sections = new Map<string, Section>();
    for (const [i, section] of value.sections.entries()) {
      if (sections.has(section.id))
        problems.push(`${rel}: sections[${i}].id: duplicate section id ${section.id}`);
      sections.set(section.id, section);
    }
    sectionIndex.set(value.id, sections);
  }
  const serviceById = new Map<string, Service>();
  for (const { rel, value } of serviceFiles) {
    if (`services/${value.id}.yaml` !== rel) problems.push(`${rel}: id: must match the file name`);
    if (serviceById.has(value.id)) problems.push(`${rel}: id: duplicate service id ${value.id}`);
    serviceById.set(value.id, value);
  }

  const getSection = (sourceId: string, sectionId: string) =>
    sectionIndex.get(sourceId)?.get(sectionId);
  const checkCitations = (rel: string, value: unknown) => {
    for (const [citation, at] of findCitations(value)) {
      if (!sourceById.has(citation.source))
        problems.push(`${rel}: ${at}: unknown source "${citation.source}"`);
      else if (!getSection(citation.source, citation.locator))
        problems.push(
          `${rel}: ${at}: source "${citation.source}" has no section "${citation.locator}"`,
        );
    }
  };
  const providerKinds = new Set(organisations.providerKinds.map((k) => k.id));
  const systems = new Set(organisations.informationSystems.map((s) => s.id));
  for (const { rel, value } of serviceFiles) {
    for (const [i, provider] of value.providers.entries())
      if (!providerKinds.has(provider.kind))
        problems.push(`${rel}: providers[${i}].kind: not in organisations.yaml "${provider.kind}"`);
    const system = value.informationSystem?.value;
    if (system && !systems.has(system))
      problems.push(`${rel}: informationSystem.value: not in organisations.yaml "${system}"`);
  }
  for (const { rel, value } of serviceFiles) {
    checkCitations(rel, value);
    for (const [i, other] of [
      ...value.related,
      ...value.prerequisites.map((p) => p.service),
    ].entries())
      if (other && !serviceById.has(other))
        problems.push(`${rel}: related/prerequisites[${i}]: unknown service "${other}"`);
  }
  for (const { rel, value } of documentFiles) {
    if (`documents/${value.id}.yaml` !== rel) problems.push(`${rel}: id: must match the file name`);
    if (value.id !== `${value.service}-${value.kind}`)
      problems.push(`${rel}: id: must be <service>-<kind>`);
    const service = serviceById.get(value.service);
    if (!service) problems.push(`${rel}: service: unknown service "${value.service}"`);
    else if (value.kind === "plain" && !allowsPlainApplication(service))
      problems.push(`${rel}: kind: the service does not list a free-form application`);
    checkCitations(rel, value);
  }
  for (const { rel, value } of sourceFiles) {
    if (value.legalStatus.status === "repealed") checkCitations(rel, value.legalStatus);
  }
  // A movable holiday without a date for a covered year would silently make it a working day.
  for (const [i, holiday] of calendar.holidays.entries()) {
    if (!holiday.dates) continue;
    for (const year of calendar.years) {
      if (!holiday.dates.some((d) => d.startsWith(`${year}-`)))
        problems.push(`calendar/holidays.yaml: holidays[${i}].dates: no date for ${year}`);
    }
  }
  checkCitations("calendar/holidays.yaml", calendar);
  checkCitations("calendar/working-hours.yaml", workingHours);
  checkCitations("admission-windows.yaml", admissionWindows);
  checkCitations("conversation.yaml", conversation);
  problems.push(...checkParentsMenu(parentsMenu, [...serviceById.keys()]));
  checkCitations("organisations.yaml", organisations);
  if (problems.length > 0) throw new KnowledgeError(problems.join("\n"), undefined, problems);
  // Only a catalogue that passed every check is stored, before anything can change its values.
  validated.save();

  return {
    dir,
    sources: sourceFiles.map((f) => f.value),
    services: serviceFiles.map((f) => f.value),
    calendar,
    workingHours,
    centreSchedule,
    admissionWindows,
    synonyms,
    conversation,
    parentsMenu,
    providerKinds: organisations.providerKinds,
    informationSystems: organisations.informationSystems,
    contactCentre: organisations.contactCentre,
    documentTemplates: documentFiles.map((f) => f.value),
    servicesWithForm: new Set(documentFiles.map((f) => f.value.service)),
    getSource: (id) => sourceById.get(id),
    getService: (id) => serviceById.get(id),
    getSection,
    resolveCitation: (c) => {
      const source = sourceById.get(c.source);
      const section = getSection(c.source, c.locator);
      return source && section ? { source, section } : undefined;
    },
  };
}
