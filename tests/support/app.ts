import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { inject } from "vitest";
import { type RunningApp, startApp } from "../../src/app.ts";
import { loadConfig } from "../../src/config.ts";
import { createLogger, type Logger } from "../../src/logger.ts";
import { createDatabaseOn, dropDatabaseOn } from "./postgres-server.ts";
import { testDatabaseEngine } from "./test-database.ts";

/**
 * Starts the whole app as `npm start` would, against the given Redis, a fresh database (a
 * SQLite file in a temp folder, or a PostgreSQL database when the run's engine is PostgreSQL)
 * and a free port. `close()` stops it and removes the folder.
 */
export async function buildApp(
  redisUrl: string,
  env: Record<string, string> = {},
  options: { logger?: Logger } = {},
) {
  const dir = await mkdtemp(path.join(os.tmpdir(), "qoldau-app-"));
  // The run's engine: a SQLite file in `dir`, or a fresh PostgreSQL database.
  const postgresUrl =
    testDatabaseEngine() === "postgres" && !env.DATABASE_PATH
      ? await createDatabaseOn(inject("postgresAdminUrl"))
      : undefined;
  const config = loadConfig({
    NODE_ENV: "test",
    LOG_LEVEL: "silent",
    PORT: "0",
    REDIS_URL: redisUrl,
    DATABASE_PATH: path.join(dir, "qoldau.sqlite"),
    ...(postgresUrl ? { DATABASE_URL: postgresUrl } : {}),
    ...env,
  });
  const app: RunningApp = await startApp(config, options.logger ?? createLogger(config));
  return {
    ...app,
    dir,
    async close() {
      await app.stop();
      if (postgresUrl) await dropDatabaseOn(inject("postgresAdminUrl"), postgresUrl);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
