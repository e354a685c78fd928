import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { type RunningApp, startApp } from "../../src/app.ts";
import { loadConfig } from "../../src/config.ts";
import { createLogger, type Logger } from "../../src/logger.ts";

/**
 * Starts the whole app as `npm start` would, against the given Redis, a fresh
 * SQLite file in a temp folder and a free port. `close()` stops it and removes the folder.
 */
export async function buildApp(
  redisUrl: string,
  env: Record<string, string> = {},
  options: { logger?: Logger } = {},
) {
  const dir = await mkdtemp(path.join(os.tmpdir(), "qoldau-app-"));
  const config = loadConfig({
    NODE_ENV: "test",
    LOG_LEVEL: "silent",
    PORT: "0",
    REDIS_URL: redisUrl,
    DATABASE_PATH: path.join(dir, "qoldau.sqlite"),
    ...env,
  });
  const app: RunningApp = await startApp(config, options.logger ?? createLogger(config));
  return {
    ...app,
    dir,
    async close() {
      await app.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
