import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { inject } from "vitest";
import { type Db, migrateToLatest, openDatabase } from "../../src/db/database.ts";
import { createDatabaseOn, dropDatabaseOn } from "./postgres-server.ts";

export type TestDatabaseEngine = "sqlite" | "postgres";

/** For `describe.each(engines)`: tests whose point is that both engines behave the same. */
export const engines: TestDatabaseEngine[] = ["sqlite", "postgres"];

/**
 * The engine of this run (`QOLDAU_TEST_DATABASE=postgres npx vitest run …`), SQLite by default
 * and outside vitest (the benches start the same harnesses, where `inject` has nothing to give).
 */
export function testDatabaseEngine(): TestDatabaseEngine {
  try {
    return inject("databaseEngine");
  } catch {
    return "sqlite";
  }
}

export interface TestDatabase {
  db: Db;
  engine: TestDatabaseEngine;
  /** The SQLite file or the PostgreSQL URL, for a child process's `openDatabase(location)`. */
  location: string;
  /** What to pass to `loadConfig` so the app opens this database. */
  env: { DATABASE_PATH: string } | { DATABASE_URL: string; DATABASE_PATH: string };
  close(): Promise<void>;
}

/**
 * A fresh migrated database of its own: a SQLite file in a temp folder, or a new database on the
 * suite's PostgreSQL server. `close()` destroys the pool and removes the file or the database.
 */
export async function createTestDatabase(
  engine: TestDatabaseEngine = testDatabaseEngine(),
  options: { migrate?: boolean } = {},
): Promise<TestDatabase> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "qoldau-db-"));
  const file = path.join(dir, "qoldau.sqlite");
  let location = file;
  let env: TestDatabase["env"] = { DATABASE_PATH: file };
  const adminUrl = engine === "postgres" ? inject("postgresAdminUrl") : "";
  if (engine === "postgres") {
    location = await createDatabaseOn(adminUrl);
    env = { DATABASE_URL: location, DATABASE_PATH: file };
  }
  const db = await openDatabase(location);
  if (options.migrate !== false) await migrateToLatest(db);
  return {
    db,
    engine,
    location,
    env,
    async close() {
      await db.destroy();
      if (engine === "postgres") await dropDatabaseOn(adminUrl, location);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
