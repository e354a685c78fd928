import { z } from "zod";
import type { Db } from "../db/database.ts";
import {
  type AdmissionWindowOverride,
  type ResolvedAdmissionWindow,
  resolveAdmissionWindow,
} from "../knowledge/admission-windows.ts";
import type { Catalogue } from "../knowledge/catalogue.ts";
import { type AdmissionKind, admissionKindSchema } from "../knowledge/schemas.ts";

const isoDate = z.iso.date();

/** What an administrator sets: the window for one kind and year, without a release. */
export const admissionWindowOverrideSchema = z
  .object({
    kind: admissionKindSchema,
    year: z.coerce.number().int().min(2020).max(2100),
    start: isoDate.optional(),
    end: isoDate,
    note: z.string().max(500).optional(),
  })
  .refine((window) => !window.start || window.start <= window.end, {
    message: "the window must open before it closes",
    path: ["end"],
  })
  .refine((window) => window.end.startsWith(String(window.year)), {
    message: "the closing date must be in the window's year",
    path: ["end"],
  });

export async function listAdmissionWindowOverrides(db: Db): Promise<AdmissionWindowOverride[]> {
  const rows = await db
    .selectFrom("admission_window_override")
    .selectAll()
    .orderBy("year")
    .execute();
  return rows.flatMap((row) => {
    const kind = admissionKindSchema.safeParse(row.kind);
    if (!kind.success) return [];
    return [
      {
        kind: kind.data,
        year: row.year,
        end: row.closes_on,
        ...(row.opens_on ? { start: row.opens_on } : {}),
        ...(row.note ? { note: row.note } : {}),
        updatedAt: row.updated_at,
      },
    ];
  });
}

export async function setAdmissionWindowOverride(
  db: Db,
  input: unknown,
  updatedBy: string,
): Promise<void> {
  const window = admissionWindowOverrideSchema.parse(input);
  const values = {
    kind: window.kind,
    year: window.year,
    opens_on: window.start ?? null,
    closes_on: window.end,
    note: window.note ?? null,
    updated_by: updatedBy,
    updated_at: new Date().toISOString(),
  };
  await db
    .insertInto("admission_window_override")
    .values(values)
    .onConflict((conflict) => conflict.columns(["kind", "year"]).doUpdateSet(values))
    .execute();
}

export async function clearAdmissionWindowOverride(
  db: Db,
  kind: AdmissionKind,
  year: number,
): Promise<boolean> {
  const result = await db
    .deleteFrom("admission_window_override")
    .where("kind", "=", kind)
    .where("year", "=", year)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** The window in force for a kind and year: the administrator's value wins over the catalogue. */
export async function currentAdmissionWindow(
  db: Db,
  catalogue: Pick<Catalogue, "admissionWindows">,
  kind: AdmissionKind,
  year: number,
): Promise<ResolvedAdmissionWindow | undefined> {
  return resolveAdmissionWindow(catalogue, kind, year, await listAdmissionWindowOverrides(db));
}
