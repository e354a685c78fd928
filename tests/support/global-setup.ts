import os from "node:os";
import type { TestProject } from "vitest/node";
import { startTestPostgres } from "./postgres-server.ts";
import { startTestRedis } from "./redis-server.ts";
import type { TestDatabaseEngine } from "./test-database.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /**
     * One real redis-server per vitest worker (read it with `testRedisUrl()` from
     * `suite-redis.ts`); still isolate with a unique key prefix per test.
     */
    redisUrls: string[];
    /** A real PostgreSQL server shared by the suite; each test file creates its own database. */
    postgresAdminUrl: string;
    /** The engine the database-facing tests use: `QOLDAU_TEST_DATABASE=postgres`, else SQLite. */
    databaseEngine: TestDatabaseEngine;
  }
}

export default async function setup(project: TestProject) {
  // Vitest's own default when the config names no maxWorkers: one fewer than the cores.
  const workers = project.config.maxWorkers ?? Math.max(os.availableParallelism() - 1, 1);
  const [postgres, redis] = await Promise.all([
    startTestPostgres(),
    Promise.all(Array.from({ length: workers }, () => startTestRedis())),
  ]);
  project.provide(
    "redisUrls",
    redis.map((server) => server.url),
  );
  project.provide("postgresAdminUrl", postgres.adminUrl);
  project.provide(
    "databaseEngine",
    process.env.QOLDAU_TEST_DATABASE === "postgres" ? "postgres" : "sqlite",
  );
  return async () => {
    await Promise.all([...redis.map((server) => server.stop()), postgres.stop()]);
  };
}
