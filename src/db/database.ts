import { promises as fs } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import SQLite from "better-sqlite3";
import {
  Kysely,
  type Migration,
  type MigrationProvider,
  Migrator,
  PostgresAdapter,
  SqliteDialect,
  sql,
} from "kysely";
import type { Config } from "../config.ts";
import type { Logger } from "../logger.ts";
import type { Database } from "./schema.ts";
import { withStatementCache } from "./statement-cache.ts";

export type Db = Kysely<Database>;

/** Which engine a database runs on; `/healthz` reports it and the few engine-specific spots ask it. */
export type DatabaseEngine = "sqlite" | "postgres";

export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//.test(location);
}

// biome-ignore lint/suspicious/noExplicitAny: any database type, the migrations' Kysely<unknown> too
export function databaseEngine(db: Kysely<any>): DatabaseEngine {
  return db.getExecutor().adapter instanceof PostgresAdapter ? "postgres" : "sqlite";
}

const migrationFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), "migrations");

export interface OpenDatabaseOptions {
  /** PostgreSQL connections in the pool (DATABASE_POOL_SIZE). */
  poolSize?: number;
  logger?: Logger;
}

/**
 * Opens the database: a `postgres://` URL (DATABASE_URL) through a pg pool, anything else as a
 * SQLite file (created when missing; WAL so the console can read while workers write).
 */
export async function openDatabase(
  location: string,
  options: OpenDatabaseOptions = {},
): Promise<Db> {
  if (isPostgresUrl(location)) {
    // The pg driver loads only for PostgreSQL: a SQLite start never needs it.
    const { createPostgresDialect } = await import("./postgres-dialect.ts");
    const { dialect } = createPostgresDialect(location, {
      poolSize: options.poolSize ?? 10,
      onPoolError: (error) =>
        options.logger?.warn({ err: { name: error.name } }, "database connection dropped"),
    });
    return new Kysely<Database>({ dialect });
  }
  if (location !== ":memory:")
    await fs.mkdir(path.dirname(path.resolve(location)), { recursive: true });
  const sqlite = new SQLite(location);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("synchronous = NORMAL");
  // SQLite's own lower() folds ASCII only; PostgreSQL's folds Cyrillic too. The same JavaScript
  // folding here makes a search for «мектеп» find «Мектеп» on both engines.
  sqlite.function("lower", { deterministic: true }, (value: unknown) =>
    typeof value === "string" ? value.toLowerCase() : value,
  );
  return new Kysely<Database>({
    dialect: new SqliteDialect({ database: withStatementCache(sqlite) }),
  });
}

/**
 * Inside a transaction, locks one row until the commit before it is read, on both engines, so
 * two instances cannot both read the old state and both act on it: a row lock on PostgreSQL
 * (as `select … for update` takes), SQLite's single write lock (taken now, before the read, so
 * a read followed by a write cannot fail with "database is locked" when another process wrote
 * in between; it waits its turn instead).
 */
export async function lockRow(
  trx: Kysely<Database>,
  table: keyof Database & string,
  key: { column: string; value: string | number },
): Promise<void> {
  const column = sql.ref(key.column);
  await sql`update ${sql.table(table)} set ${column} = ${column} where ${column} = ${key.value}`.execute(
    trx,
  );
}

/** True for an insert refused by a unique index or primary key, on either engine. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return (
    code === "23505" ||
    code === "SQLITE_CONSTRAINT_UNIQUE" ||
    code === "SQLITE_CONSTRAINT_PRIMARYKEY"
  );
}

/** The database the configuration names: DATABASE_URL when set, else the DATABASE_PATH file. */
export function openConfiguredDatabase(
  config: Pick<Config, "DATABASE_URL" | "DATABASE_PATH" | "DATABASE_POOL_SIZE">,
  logger?: Logger,
): Promise<Db> {
  return openDatabase(config.DATABASE_URL ?? config.DATABASE_PATH, {
    poolSize: config.DATABASE_POOL_SIZE,
    logger,
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
