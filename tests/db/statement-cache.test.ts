import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import SQLite from "better-sqlite3";
import { DummyDriver, Kysely, PostgresAdapter, PostgresQueryCompiler, SqliteDialect } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { compiledQuery } from "../../src/db/compiled-query.ts";
import { type Db, migrateToLatest, openDatabase } from "../../src/db/database.ts";
import { withStatementCache } from "../../src/db/statement-cache.ts";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "qoldau-statements-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A real better-sqlite3 database that counts how often SQL is prepared. */
function countingSqlite(file: string) {
  const sqlite = new SQLite(file);
  const prepared: string[] = [];
  return {
    prepared,
    database: {
      prepare(sql: string) {
        prepared.push(sql);
        return sqlite.prepare(sql);
      },
      close: () => sqlite.close(),
    },
  };
}

describe("statement cache", () => {
  it("prepares each SQL text once and answers every later call with the current rows", async () => {
    const { prepared, database } = countingSqlite(path.join(dir, "a.sqlite"));
    const db = new Kysely<{ t: { id: number; v: string } }>({
      dialect: new SqliteDialect({ database: withStatementCache(database) }),
    });
    await db.schema.createTable("t").addColumn("id", "integer").addColumn("v", "text").execute();
    for (let i = 0; i < 5; i++)
      await db
        .insertInto("t")
        .values({ id: i, v: `v${i}` })
        .execute();
    const values: string[] = [];
    for (let i = 0; i < 5; i++) {
      const row = await db.selectFrom("t").select("v").where("id", "=", i).executeTakeFirst();
      values.push(row?.v ?? "");
    }
    expect(values).toEqual(["v0", "v1", "v2", "v3", "v4"]);
    expect(prepared.filter((sql) => sql.startsWith("insert"))).toHaveLength(1);
    expect(prepared.filter((sql) => sql.startsWith("select"))).toHaveLength(1);
    await db.destroy();
  });

  it("gives a fresh statement while the cached one is still iterating", () => {
    const statements = withStatementCache(new SQLite(":memory:"));
    const sql = "select 1 as x union select 2";
    const first = statements.prepare(sql);
    const iterating = first.iterate([]);
    iterating.next();
    // Reusing `first` here would throw "This statement is busy executing a query".
    const second = statements.prepare(sql);
    expect(second).not.toBe(first);
    expect(second.all([])).toEqual([{ x: 1 }, { x: 2 }]);
    iterating.return?.();
    expect(statements.prepare(sql)).toBe(first);
    statements.close();
  });

  it("keeps at most its size, dropping the least recently used", () => {
    const { prepared, database } = countingSqlite(":memory:");
    const statements = withStatementCache(database, 2);
    statements.prepare("select 1");
    statements.prepare("select 2");
    statements.prepare("select 1");
    statements.prepare("select 3"); // evicts "select 2"
    statements.prepare("select 1");
    statements.prepare("select 2");
    expect(prepared).toEqual(["select 1", "select 2", "select 3", "select 2"]);
    statements.close();
  });
});

describe("compiled queries", () => {
  it("compiles once on SQLite and answers each call with its own arguments", async () => {
    const db = await openDatabase(path.join(dir, "b.sqlite"));
    await migrateToLatest(db);
    const now = new Date().toISOString();
    for (const id of ["AAAA-AAAA-AAAA", "BBBB-BBBB-BBBB"])
      await db
        .insertInto("application")
        .values({
          id,
          service_id: id === "AAAA-AAAA-AAAA" ? "home_schooling" : "pmpk",
          provider_id: "p",
          channel: "egov_portal",
          submitted_at: now,
          deadline: "2099-12-31",
          stage: "received",
          stage_at: now,
          refusal_ground: null,
          phone_hash: null,
          pin_hash: null,
          external_system: null,
          external_ref: null,
          updated_at: now,
        })
        .execute();
    let builds = 0;
    const serviceOf = compiledQuery((d: Db, id: string, provider: string) => {
      builds += 1;
      return d
        .selectFrom("application")
        .select("service_id")
        .where("id", "=", id)
        .where("provider_id", "=", provider)
        .limit(1);
    });
    expect(await serviceOf(db, "AAAA-AAAA-AAAA", "p")).toEqual([{ service_id: "home_schooling" }]);
    expect(await serviceOf(db, "BBBB-BBBB-BBBB", "p")).toEqual([{ service_id: "pmpk" }]);
    expect(await serviceOf(db, "BBBB-BBBB-BBBB", "other")).toEqual([]);
    expect(builds).toBe(1);
    await db.destroy();
  });

  it("runs the plain Kysely query on another dialect", async () => {
    const db = new Kysely<{ t: { id: string } }>({
      dialect: {
        createAdapter: () => new PostgresAdapter(),
        createDriver: () => new DummyDriver(),
        createIntrospector: () => {
          throw new Error("not used");
        },
        createQueryCompiler: () => new PostgresQueryCompiler(),
      },
    });
    let builds = 0;
    const byId = compiledQuery((d: Db, id: string) => {
      builds += 1;
      return (d as unknown as typeof db).selectFrom("t").selectAll().where("id", "=", id);
    });
    await byId(db as unknown as Db, "a");
    await byId(db as unknown as Db, "b");
    expect(builds).toBe(2);
  });
});
