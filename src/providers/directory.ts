import { z } from "zod";
import type { Db } from "../db/database.ts";
import type { ProviderTable } from "../db/tables/providers.ts";
import { parseCsv } from "../infra/csv.ts";
import type { Catalogue } from "../knowledge/catalogue.ts";

export type Provider = ProviderTable;

/** One row of a provider CSV (`demo/providers.csv` shows the columns). */
export const providerRowSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{1,63}$/, "lower-case letters, digits and dashes"),
  /** One of the directory's kinds in `knowledge/organisations.yaml` (checked on import). */
  kind: z.string().regex(/^[a-z][a-z0-9_]*$/, "a snake_case kind like school"),
  name_kk: z.string().min(2),
  name_ru: z.string().min(2),
  region_id: z.string().regex(/^[a-z0-9_-]+$/),
  region_kk: z.string().min(2),
  region_ru: z.string().min(2),
  number: z.string().transform((value) => value || null),
  address: z.string().transform((value) => value || null),
  phone: z.string().transform((value) => value || null),
});

/**
 * Upserts every row; a bad row stops the import and names its line and column. `kinds`: the
 * provider kinds the directory may hold (the catalogue's `providerKinds` with `directory`).
 */
export async function importProvidersCsv(
  db: Db,
  csv: string,
  kinds?: readonly string[],
): Promise<number> {
  const rows = parseCsv(csv).map((raw, index) => {
    const parsed = providerRowSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(`line ${index + 2}, column ${issue?.path.join(".")}: ${issue?.message}`);
    }
    if (kinds && !kinds.includes(parsed.data.kind))
      throw new Error(`line ${index + 2}, column kind: not a directory kind "${parsed.data.kind}"`);
    return parsed.data;
  });
  await db.transaction().execute(async (trx) => {
    for (const row of rows) {
      await trx
        .insertInto("provider")
        .values(row)
        .onConflict((conflict) => conflict.column("id").doUpdateSet(row))
        .execute();
    }
  });
  return rows.length;
}

export async function getProvider(db: Db, id: string): Promise<Provider | undefined> {
  return db.selectFrom("provider").selectAll().where("id", "=", id).executeTakeFirst();
}

export async function listRegions(db: Db) {
  return db
    .selectFrom("provider")
    .select(["region_id", "region_kk", "region_ru"])
    .distinct()
    .orderBy("region_id")
    .execute();
}

/** Finds providers by number ("12", "№12") or a part of the name in either language. */
export async function searchProviders(
  db: Db,
  options: { query?: string; regionId?: string; kinds?: string[]; limit?: number },
): Promise<Provider[]> {
  let select = db.selectFrom("provider").selectAll();
  if (options.regionId) select = select.where("region_id", "=", options.regionId);
  if (options.kinds?.length) select = select.where("kind", "in", options.kinds);
  const query = options.query?.trim().toLowerCase().replace(/^№\s*/, "");
  if (query) {
    const like = `%${query}%`;
    select = select.where((eb) =>
      eb.or([
        eb("number", "=", query),
        eb(eb.fn("lower", ["name_kk"]), "like", like),
        eb(eb.fn("lower", ["name_ru"]), "like", like),
      ]),
    );
  }
  return select
    .orderBy("name_ru")
    .limit(options.limit ?? 20)
    .execute();
}

/** The kinds a provider directory may hold, from the catalogue (`knowledge/organisations.yaml`). */
export function directoryKinds(catalogue: Pick<Catalogue, "providerKinds">): string[] {
  return catalogue.providerKinds.filter((kind) => kind.directory).map((kind) => kind.id);
}

/** The kinds whose admission-window reminders parents may subscribe to. */
export function reminderKinds(catalogue: Pick<Catalogue, "providerKinds">): string[] {
  return catalogue.providerKinds.filter((kind) => kind.reminders).map((kind) => kind.id);
}
