import type { SqliteDatabase, SqliteStatement } from "kysely";

/** Enough for every distinct query the app runs; `in (?, ?, …)` lists of many lengths evict. */
const DEFAULT_SIZE = 500;

interface BetterSqliteLike {
  prepare(sql: string): SqliteStatement & { busy?: boolean };
  close(): void;
}

/**
 * better-sqlite3 behind Kysely's SQLite dialect, with each SQL text prepared once: Kysely's
 * driver calls `prepare` for every query, and preparing (parsing and planning the SQL) was
 * about a tenth of the status worker's time. Statements stay valid across schema changes
 * (SQLite re-prepares them itself). A statement still iterating (Kysely's `stream`) is busy,
 * so a second use at that moment gets a fresh, uncached one.
 */
export function withStatementCache(
  database: BetterSqliteLike,
  size = DEFAULT_SIZE,
): SqliteDatabase {
  const statements = new Map<string, SqliteStatement & { busy?: boolean }>();
  return {
    prepare(sql: string) {
      const cached = statements.get(sql);
      if (cached && !cached.busy) {
        // Map order is insertion order: moving a hit to the end makes eviction least-recent.
        statements.delete(sql);
        statements.set(sql, cached);
        return cached;
      }
      const statement = database.prepare(sql);
      if (!cached) {
        statements.set(sql, statement);
        if (statements.size > size) {
          const oldest = statements.keys().next().value;
          if (oldest !== undefined) statements.delete(oldest);
        }
      }
      return statement;
    },
    close() {
      statements.clear();
      database.close();
    },
  };
}
