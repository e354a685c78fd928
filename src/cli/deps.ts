import type { Readable, Writable } from "node:stream";
import type { I18n } from "@grammyjs/i18n";
import { pino } from "pino";
import { listAdmissionWindowOverrides } from "../admission/window-overrides.ts";
import { approvedPhrasings } from "../analytics/knowledge-tasks.ts";
import { type CatalogueHolder, createCatalogueHolder } from "../catalogue-holder.ts";
import type { Config } from "../config.ts";
import { type Db, migrateToLatest, openConfiguredDatabase } from "../db/database.ts";
import { createI18n } from "../i18n.ts";
import { type Catalogue, loadCatalogue } from "../knowledge/catalogue.ts";
import type { Logger } from "../logger.ts";

/** What every CLI command receives; heavy parts open only when a command asks for them. */
export interface CliDeps {
  config: Config;
  /** Writes to stderr so that stdout stays clean for --json output. */
  logger: Logger;
  /** The catalogue alone (no answers, no database): validation and lookups by id. */
  catalogue(): Promise<Catalogue>;
  /**
   * The catalogue snapshot with its answer service and the administrators' admission windows,
   * as the app holds it (windows read once: a command is short-lived).
   */
  knowledge(): Promise<CatalogueHolder>;
  /** The Fluent messages of `LOCALES_DIR`, loaded once. */
  i18n(): I18n;
  database(): Promise<Db>;
  /** Where `ask` and `search` read lines and write results (the process's, or a test's). */
  stdin: Readable;
  stdout: Writable;
}

export function createCliDeps(
  config: Config,
  io: { stdin: Readable; stdout: Writable } = { stdin: process.stdin, stdout: process.stdout },
): CliDeps & { close(): Promise<void> } {
  const logger = pino(
    { level: config.LOG_LEVEL === "info" ? "warn" : config.LOG_LEVEL },
    pino.destination(2),
  );
  let knowledge: Promise<CatalogueHolder> | undefined;
  let catalogue: Promise<Catalogue> | undefined;
  let db: Promise<Db> | undefined;
  let i18n: I18n | undefined;
  const database = () => {
    db ??= openConfiguredDatabase(config).then(async (opened) => {
      await migrateToLatest(opened);
      return opened;
    });
    return db;
  };
  const messages = () => {
    i18n ??= createI18n(config.LOCALES_DIR);
    return i18n;
  };
  const holder = () => {
    knowledge ??= createCatalogueHolder({
      config,
      logger,
      i18n: messages(),
      loadAdmissionWindowOverrides: async () => listAdmissionWindowOverrides(await database()),
      loadSynonymAdditions: async () => approvedPhrasings(await database()),
    });
    return knowledge;
  };
  return {
    config,
    logger,
    // Commands that only look up ids or windows skip building the search index.
    catalogue: () => {
      catalogue ??= knowledge
        ? knowledge.then((held) => held.current().catalogue)
        : loadCatalogue(config.KNOWLEDGE_DIR, { cacheDir: config.CACHE_DIR });
      return catalogue;
    },
    knowledge: holder,
    i18n: messages,
    database,
    stdin: io.stdin,
    stdout: io.stdout,
    close: async () => {
      if (db) await (await db).destroy();
    },
  };
}

/** The contract of `src/cli/<command>.ts`: returns the process exit code. */
export type CliCommand = (args: string[], deps: CliDeps) => Promise<number>;
