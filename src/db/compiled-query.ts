import { type Compilable, type CompiledQuery, SqliteAdapter } from "kysely";
import type { Db } from "./database.ts";

/** A parameter of the compiled SQL: the n-th argument, or a value fixed by the query itself. */
type Slot = { arg: number } | { value: unknown };

const SENTINEL = "\u0000qoldau-argument-";

/**
 * A hot query whose shape never depends on its arguments, built and compiled by Kysely once
 * per database and then run with new parameter values: building the query tree and compiling
 * it to SQL cost more than running it on SQLite. Together with the statement cache of
 * `openDatabase`, SQLite then neither compiles nor prepares anything per call.
 *
 * Only on SQLite: any other dialect runs the plain Kysely query every time, so a pool's own
 * prepared-statement handling (or its absence) is left alone. `build` must use every argument
 * as a value and must not branch on it; otherwise the query falls back to the plain path.
 */
export function compiledQuery<Args extends unknown[], Row>(
  build: (db: Db, ...args: Args) => Compilable<Row>,
): (db: Db, ...args: Args) => Promise<Row[]> {
  const compiledFor = new WeakMap<Db, { query: CompiledQuery<Row>; slots: Slot[] } | null>();

  function compileOnce(db: Db, arity: number) {
    if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return null;
    const sentinels = Array.from({ length: arity }, (_, i) => `${SENTINEL}${i}`);
    const query = build(db, ...(sentinels as Args)).compile();
    const seen = new Set<number>();
    const slots: Slot[] = query.parameters.map((value) => {
      const arg = typeof value === "string" ? sentinels.indexOf(value) : -1;
      if (arg < 0) return { value };
      seen.add(arg);
      return { arg };
    });
    return seen.size === arity ? { query, slots } : null;
  }

  return async (db, ...args) => {
    let compiled = compiledFor.get(db);
    if (compiled === undefined) {
      compiled = compileOnce(db, args.length);
      compiledFor.set(db, compiled);
    }
    if (compiled === null) return (await db.executeQuery(build(db, ...args))).rows;
    const { query, slots } = compiled;
    const parameters = slots.map((slot) => ("arg" in slot ? args[slot.arg] : slot.value));
    const next: CompiledQuery<Row> = { ...query, parameters };
    return (await db.executeQuery(next)).rows;
  };
}
