import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    globalSetup: ["tests/support/global-setup.ts"],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Redis- and port-bound suites run in parallel files but each isolates by prefix.
    pool: "forks",
    fileParallelism: true,
  },
});
