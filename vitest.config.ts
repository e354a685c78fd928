import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    globalSetup: ["tests/support/global-setup.ts"],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: "forks",
    fileParallelism: true,
    // Two files at a time, also on a 2-core machine (vitest's default there is one): most files
    // spend much of their time waiting on Redis, SQLite, loopback servers, child processes and
    // chromium. Each worker has a Redis of its own (`tests/support/suite-redis.ts`), so files
    // that run together share no keys. `npx vitest run --maxWorkers=1` runs them one by one.
    maxWorkers: 2,
  },
});
