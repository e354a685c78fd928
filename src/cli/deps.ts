import { pino } from "pino";
import type { Config } from "../config.ts";
import { type Db, migrateToLatest, openDatabase } from "../db/database.ts";
import { type Catalogue, loadCatalogue } from "../knowledge/catalogue.ts";
import type { Logger } from "../logger.ts";

/** What every CLI command receives; heavy parts open only when a command asks for them. */
export interface CliDeps {
  config: Config;
  /** Writes to stderr so that stdout stays clean for --json output. */
  logger: Logger;
  catalogue(): Promise<Catalogue>;
  database(): Promise<Db>;
}

export function createCliDeps(config: Config): CliDeps & { close(): Promise<void> } {
  const logger = pino(
    { level: config.LOG_LEVEL === "info" ? "warn" : config.LOG_LEVEL },
    pino.destination(2),
  );
  let catalogue: Promise<Catalogue> | undefined;
  let db: Promise<Db> | undefined;
  return {
    config,
    logger,
    catalogue: () => {
      catalogue ??= loadCatalogue(config.KNOWLEDGE_DIR);
      return catalogue;
    },
    database: () => {
      db ??= openDatabase(config.DATABASE_PATH).then(async (opened) => {
        await migrateToLatest(opened);
        return opened;
      });
      return db;
    },
    close: async () => {
      if (db) await (await db).destroy();
    },
  };
}

/** The contract of `src/cli/<command>.ts`: returns the process exit code. */
export type CliCommand = (args: string[], deps: CliDeps) => Promise<number>;
