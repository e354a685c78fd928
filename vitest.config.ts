import { defineConfig } from "vitest/config";
import LongestFirstSequencer from "./tests/support/sequencer.ts";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    globalSetup: ["tests/support/global-setup.ts"],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: "forks",
    // Each worker process runs its files one after another in one module graph: the app's ~260
    // modules (and grammY, BullMQ, Fastify, playwright) are imported once per worker instead of
    // once per file, which was a third of the suite's time. Files therefore clean up what they
    // start (servers, connections, timers), as they must anyway. `--isolate` restores one fresh
    // process per file, to rule out a leak when a file fails only in the full run.
    isolate: false,
    fileParallelism: true,
    // Two files at a time, also on a 2-core machine (vitest's default there is one): most files
    // spend much of their time waiting on Redis, SQLite, loopback servers, child processes and
    // chromium. Each worker has a Redis of its own (`tests/support/suite-redis.ts`), so files
    // that run together share no keys. `npx vitest run --maxWorkers=1` runs them one by one.
    maxWorkers: 2,
    sequence: { sequencer: LongestFirstSequencer },
  },
});
