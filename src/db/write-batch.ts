import type { Db } from "./database.ts";

interface Write {
  run(db: Db): Promise<unknown>;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/**
 * Runs the small writes asked for within one turn of the event loop in one transaction. On
 * SQLite a write costs mostly its commit (an append to the WAL), and a burst (200 parents'
 * chats at once) asks for hundreds together. Each caller still gets its result only once the
 * transaction is committed, so "written first" holds as for a write alone. A batch that fails
 * is run again one write at a time, so a bad row fails alone; a lone write runs as it is.
 */
export function createWriteBatch(db: Db) {
  let queued: Write[] = [];
  const runAlone = (write: Write) => write.run(db).then(write.resolve, write.reject);
  const flush = async () => {
    const writes = queued;
    queued = [];
    const [first] = writes;
    if (writes.length === 1 && first) return runAlone(first);
    let results: unknown[];
    try {
      results = await db.transaction().execute(async (trx) => {
        const out: unknown[] = [];
        for (const write of writes) out.push(await write.run(trx));
        return out;
      });
    } catch {
      for (const write of writes) await runAlone(write);
      return;
    }
    for (const [i, write] of writes.entries()) write.resolve(results[i]);
  };
  return <T>(run: (db: Db) => Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (queued.length === 0) setImmediate(() => void flush());
      queued.push({ run, resolve: resolve as (value: unknown) => void, reject });
    });
}
