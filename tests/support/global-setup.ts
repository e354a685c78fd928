import type { TestProject } from "vitest/node";
import { startTestPostgres } from "./postgres-server.ts";
import { startTestRedis } from "./redis-server.ts";
import type { TestDatabaseEngine } from "./test-database.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** A real redis-server shared by the suite; isolate with a unique key prefix per test. */
    redisUrl: string;
    /** A real PostgreSQL server shared by the suite; each test file creates its own database. */
    postgresAdminUrl: string;
    /** The engine the database-facing tests use: `QOLDAU_TEST_DATABASE=postgres`, else SQLite. */
    databaseEngine: TestDatabaseEngine;
  }
}

export default async function setup(project: TestProject) {
  const [redis, postgres] = await Promise.all([startTestRedis(), startTestPostgres()]);
  project.provide("redisUrl", redis.url);
  project.provide("postgresAdminUrl", postgres.adminUrl);
  project.provide(
    "databaseEngine",
    process.env.QOLDAU_TEST_DATABASE === "postgres" ? "postgres" : "sqlite",
  );
  return async () => {
    await Promise.all([redis.stop(), postgres.stop()]);
  };
}
