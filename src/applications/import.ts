import { readFile } from "node:fs/promises";
import { z } from "zod";
import type { Db } from "../db/database.ts";
import { parseCsv } from "../infra/csv.ts";
import type { Catalogue } from "../knowledge/catalogue.ts";
import { directoryKinds, importProvidersCsv } from "../providers/directory.ts";
import { computeApplicationDeadline } from "./deadline.ts";
import { parseApplicationId } from "./id.ts";
import { type StageChange, type StageChangeResult, saveApplication } from "./registry.ts";
import { checkInitialStage } from "./stage-machine.ts";
import { almatyDate, STAGES } from "./stages.ts";

const applicationIdSchema = z.string().transform((value, ctx) => {
  const parsed = parseApplicationId(value);
  if (parsed.ok) return parsed.id;
  ctx.addIssue({ code: "custom", message: `not a valid application ID (${parsed.reason})` });
  return z.NEVER;
});
const optionalInt = z
  .string()
  .transform((value) => (value === "" ? null : Number(value)))
  .pipe(z.number().int().nonnegative().nullable());

function rowsOf<S extends z.ZodType>(schema: S, csv: string): z.output<S>[] {
  return parseCsv(csv).map((raw, index) => {
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(`line ${index + 2}, column ${issue?.path.join(".")}: ${issue?.message}`);
    }
    return parsed.data;
  });
}

/**
 * A row of `demo/applications.csv`: dates are relative to the load, so overdue stays overdue.
 * An empty `deadline_days_from_now` means "from the calendar" (the service's term counted from
 * the submission); explicit values are kept for the overdue cases and for services whose term is
 * not exact (PMPK, rehabilitation's 90–365 days, first grade).
 */
const demoRowSchema = z.object({
  id: applicationIdSchema,
  service_id: z.string().regex(/^[a-z][a-z0-9_]*$/),
  provider_id: z.string().min(1),
  channel: z.string().min(1),
  submitted_days_ago: z.coerce.number().int().nonnegative(),
  deadline_days_from_now: z
    .string()
    .transform((value) => (value.trim() === "" ? undefined : Number(value)))
    .pipe(z.number().int().optional()),
  stage: z.enum(STAGES),
  refusal_ground: optionalInt,
  phone: z.string(),
  pin: z.string(),
  external_system: z.string(),
  external_ref: z.string(),
});

const DAY = 86_400_000;

/**
 * Loads the documented demo set (docs/status.md lists IDs, phones and PINs). Providers from
 * demo/providers.csv are loaded too when the directory is empty, so names resolve. Rows without an
 * explicit deadline get the one computed from `catalogue` (required for such rows).
 */
export async function loadDemoApplications(
  db: Db,
  secret: string,
  options: { file?: string; providersFile?: string; now?: Date; catalogue?: Catalogue } = {},
): Promise<number> {
  const now = options.now ?? new Date();
  const providers = await db.selectFrom("provider").select("id").limit(1).execute();
  if (providers.length === 0) {
    await importProvidersCsv(
      db,
      await readFile(options.providersFile ?? "demo/providers.csv", "utf8"),
      options.catalogue ? directoryKinds(options.catalogue) : undefined,
    );
  }
  const rows = rowsOf(
    demoRowSchema,
    await readFile(options.file ?? "demo/applications.csv", "utf8"),
  );
  const deadlines = rows.map((row, index) => {
    const submittedAt = new Date(now.getTime() - row.submitted_days_ago * DAY);
    if (row.deadline_days_from_now !== undefined)
      return {
        submittedAt,
        deadline: almatyDate(new Date(now.getTime() + row.deadline_days_from_now * DAY)),
      };
    if (!options.catalogue)
      throw new Error(`line ${index + 2}: no deadline given and no catalogue to compute it`);
    const computed = computeApplicationDeadline(options.catalogue, row.service_id, submittedAt);
    if (!computed.ok)
      throw new Error(
        `line ${index + 2}: no deadline given and ${row.service_id} has none to compute (${computed.reason.replace(/_/g, " ")})`,
      );
    return { submittedAt, deadline: computed.deadline };
  });
  // The demo goes through the stage machine too: a refused row needs a ground the service has.
  for (const [index, row] of rows.entries()) {
    const problem = checkInitialStage(
      row.stage,
      row.refusal_ground,
      options.catalogue?.getService(row.service_id)?.refusalGrounds.length,
    );
    if (problem) throw new Error(`line ${index + 2}: ${problem.replace(/_/g, " ")}`);
  }
  for (const [index, row] of rows.entries()) {
    const { submittedAt, deadline } = deadlines[index] as (typeof deadlines)[number];
    await saveApplication(db, secret, {
      id: row.id,
      serviceId: row.service_id,
      providerId: row.provider_id,
      channel: row.channel,
      submittedAt: submittedAt.toISOString(),
      deadline,
      stage: row.stage,
      refusalGround: row.refusal_ground,
      phone: row.phone || null,
      pin: row.pin || null,
      externalSystem: row.external_system || null,
      externalRef: row.external_ref || null,
      actor: "demo",
    });
  }
  return rows.length;
}

/** A row of a stage-update CSV: `application_id,stage,refusal_ground,at` (at optional, ISO). */
const stageRowSchema = z.object({
  application_id: applicationIdSchema,
  stage: z.enum(STAGES),
  refusal_ground: z.string().optional().default("").pipe(optionalInt),
  at: z
    .string()
    .optional()
    .transform((value) => (value ? value : undefined))
    .pipe(z.iso.datetime({ offset: true }).optional()),
});

export interface StageImportReport {
  changed: number;
  unchanged: number;
  problems: string[];
}

/** Applies stage updates from a provider's CSV; a bad row stops the import before any change. */
export async function importStageUpdatesCsv(
  moveStage: (change: StageChange) => Promise<StageChangeResult>,
  csv: string,
  actor: string,
): Promise<StageImportReport> {
  const rows = rowsOf(stageRowSchema, csv);
  const report: StageImportReport = { changed: 0, unchanged: 0, problems: [] };
  for (const [index, row] of rows.entries()) {
    const result = await moveStage({
      applicationId: row.application_id,
      stage: row.stage,
      actor,
      refusalGround: row.refusal_ground,
      ...(row.at ? { at: row.at } : {}),
    });
    if (result.changed) report.changed++;
    else if (result.reason === "same_stage") report.unchanged++;
    else report.problems.push(`line ${index + 2}: ${result.reason.replace(/_/g, " ")}`);
  }
  return report;
}
