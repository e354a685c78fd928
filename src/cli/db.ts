import SQLite from "better-sqlite3";
import { type Kysely, sql } from "kysely";
import { databaseEngine, isPostgresUrl, migrateToLatest, openDatabase } from "../db/database.ts";
import type { CliCommand } from "./deps.ts";

const usage = `Usage: npm run --silent cli -- db copy --to postgres://user:password@host:5432/qoldau [--from file.sqlite]
Copies every table of the SQLite file (DATABASE_PATH unless --from) into an empty PostgreSQL
database, in one transaction; a database that already holds data is refused.`;

const batchRows = 500;

/** Tables in an order where every row's foreign keys point to rows already copied. */
function tablesInDependencyOrder(source: SQLite.Database): string[] {
  const tables = (
    source
      .prepare(
        "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'kysely_%' order by name",
      )
      .all() as { name: string }[]
  ).map((row) => row.name);
  const dependsOn = new Map(
    tables.map((table) => [
      table,
      (source.pragma(`foreign_key_list("${table}")`) as { table: string }[])
        .map((key) => key.table)
        .filter((parent) => parent !== table),
    ]),
  );
  const ordered: string[] = [];
  const visit = (table: string, path: string[]) => {
    if (ordered.includes(table)) return;
    if (path.includes(table)) throw new Error(`foreign keys form a cycle: ${path.join(" → ")}`);
    for (const parent of dependsOn.get(table) ?? []) visit(parent, [...path, table]);
    ordered.push(table);
  };
  for (const table of tables) visit(table, []);
  return ordered;
}

// biome-ignore lint/suspicious/noExplicitAny: tables are named at run time
type AnyDb = Kysely<any>;

async function nonEmptyTables(target: AnyDb, tables: string[]): Promise<string[]> {
  const filled: string[] = [];
  for (const table of tables) {
    const row = await target
      .selectFrom(table)
      .select(sql<number>`1`.as("one"))
      .limit(1)
      .executeTakeFirst();
    if (row) filled.push(table);
  }
  return filled;
}

async function copyTable(
  source: SQLite.Database,
  target: AnyDb,
  table: string,
  targetColumns: Set<string>,
): Promise<number> {
  const columns = (source.pragma(`table_info("${table}")`) as { name: string }[])
    .map((column) => column.name)
    .filter((name) => targetColumns.has(name));
  let batch: Record<string, unknown>[] = [];
  let copied = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    await target.insertInto(table).values(batch).execute();
    copied += batch.length;
    batch = [];
  };
  const select = source.prepare(
    `select ${columns.map((c) => `"${c}"`).join(", ")} from "${table}"`,
  );
  for (const row of select.iterate() as Iterable<Record<string, unknown>>) {
    batch.push(row);
    if (batch.length >= batchRows) await flush();
  }
  await flush();
  return copied;
}

/** Identity columns continue after the copied ids, so the next insert does not collide. */
async function advanceIdentities(target: AnyDb, table: string): Promise<void> {
  const identity = await sql<{ column_name: string }>`
    select column_name from information_schema.columns
    where table_schema = current_schema() and table_name = ${table} and is_identity = 'YES'`.execute(
    target,
  );
  for (const { column_name: column } of identity.rows) {
    await sql`select setval(pg_get_serial_sequence(${table}, ${column}),
      coalesce((select max(${sql.ref(column)}) from ${sql.table(table)}), 0) + 1, false)`.execute(
      target,
    );
  }
}

async function copy(args: string[], defaultSource: string): Promise<number> {
  let to: string | undefined;
  let from = defaultSource;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = args[i + 1];
    if (arg === "--to" && value) {
      to = value;
      i++;
    } else if (arg === "--from" && value) {
      from = value;
      i++;
    } else {
      console.error(`Unknown option: ${arg}\n${usage}`);
      return 2;
    }
  }
  if (!to || !isPostgresUrl(to)) {
    console.error(usage);
    return 2;
  }
  if (isPostgresUrl(from)) {
    console.error(`The source must be a SQLite file, not ${new URL(from).protocol} URL.`);
    return 2;
  }

  // Both sides at the same schema version first: the same migrations create the same tables.
  const sourceDb = await openDatabase(from);
  try {
    await migrateToLatest(sourceDb);
  } finally {
    await sourceDb.destroy();
  }
  const target: AnyDb = await openDatabase(to, { poolSize: 1 });
  const source = new SQLite(from, { readonly: true, fileMustExist: true });
  try {
    if (databaseEngine(target) !== "postgres") throw new Error("the target is not PostgreSQL");
    await migrateToLatest(target);
    const tables = tablesInDependencyOrder(source);
    const filled = await nonEmptyTables(target, tables);
    if (filled.length > 0) {
      console.error(
        `Refused: the target database already holds data (${filled.join(", ")}). Copy only into an empty database.`,
      );
      return 3;
    }
    const counts = await target.transaction().execute(async (trx) => {
      const result: [string, number][] = [];
      for (const table of tables) {
        const columns = await sql<{ column_name: string }>`
          select column_name from information_schema.columns
          where table_schema = current_schema() and table_name = ${table}`.execute(trx);
        const copied = await copyTable(
          source,
          trx,
          table,
          new Set(columns.rows.map((row) => row.column_name)),
        );
        await advanceIdentities(trx, table);
        result.push([table, copied]);
      }
      return result;
    });
    for (const [table, count] of counts) console.log(`${table.padEnd(28)} ${count}`);
    const total = counts.reduce((sum, [, count]) => sum + count, 0);
    console.log(`Copied ${total} rows in ${counts.length} tables from ${from} to PostgreSQL.`);
    return 0;
  } finally {
    source.close();
    await target.destroy();
  }
}

/**
 * `npm run --silent cli -- db copy --to postgres://…`: moves an existing SQLite file into an
 * empty PostgreSQL database (one way, one transaction: all rows or none).
 */
export const run: CliCommand = async (args, deps) => {
  const [subcommand, ...rest] = args;
  if (subcommand === "copy") return copy(rest, deps.config.DATABASE_PATH);
  console.error(usage);
  return 2;
};
