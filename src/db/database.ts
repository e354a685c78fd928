import { promises as fs } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import SQLite from "better-sqlite3";
import {
  Kysely,
  type Migration,
  type MigrationProvider,
  Migrator,
  SqliteDialect,
  sql,
} from "kysely";
import type { Logger } from "../logger.ts";
import type { Database } from "./schema.ts";
import { withStatementCache } from "./statement-cache.ts";

export type Db = Kysely<Database>;

const migrationFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), "migrations");

/** Opens (and creates) the SQLite file; WAL so the console can read while workers write. */
export async function openDatabase(file: string): Promise<Db> {
  if (file !== ":memory:") await fs.mkdir(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("synchronous = NORMAL");
  return new Kysely<Database>({
    dialect: new SqliteDialect({ database: withStatementCache(sqlite) }),
  });
}

/**
 * Imports migrations from our own module rather than Kysely's FileMigrationProvider,
 * so that tsx and vitest can load the TypeScript files.
 */
const migrationProvider: MigrationProvider = {
  async getMigrations() {
    const files = (await fs.readdir(migrationFolder))
      // `.ts` under tsx and vitest, `.js` in the compiled `dist/` that `npm start` runs.
      .filter((file) => /^\d+-[\w-]+\.[jt]s$/.test(file))
      .sort();
    const migrations: Record<string, Migration> = {};
    for (const file of files) {
      migrations[file.slice(0, -3)] = (await import(path.join(migrationFolder, file))) as Migration;
    }
    return migrations;
  },
};

/** Applies every migration in `src/db/migrations` (files named `<timestamp>-<area>.ts`). */
export async function migrateToLatest(db: Db, logger?: Logger): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: migrationProvider,
    // Areas add migrations independently; a later-dated one may land before an earlier one.
    allowUnorderedMigrations: true,
  });
  const { error, results } = await migrator.migrateToLatest();
  for (const result of results ?? []) {
    if (result.status === "Success") logger?.info({ migration: result.migrationName }, "migrated");
  }
  if (error) throw new Error("Database migration failed", { cause: error });
}

export async function isDatabaseHealthy(db: Db): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}
