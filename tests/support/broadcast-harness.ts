import { afterEach, beforeEach } from "vitest";
import type { Db } from "../../src/db/database.ts";
import { createHarnessCleanup } from "../broadcasts/cleanup.ts";
import { createTestDb, type Harness, startHarness } from "./broadcasts.ts";
import { testRedisUrl } from "./suite-redis.ts";

type HarnessOptions = NonNullable<Parameters<typeof startHarness>[2]>;

/**
 * Registers the per-test lifecycle of a broadcast test: a fresh migrated SQLite file before each
 * test; after it, the runtime and Bot API server stopped, the test's BullMQ keys deleted, the file removed.
 */
export function useBroadcastTestBed() {
  const redisUrl = testRedisUrl();
  const cleanup = createHarnessCleanup();
  let testDb: Awaited<ReturnType<typeof createTestDb>> | undefined;
  let harness: Harness | undefined;

  beforeEach(async () => {
    testDb = await createTestDb();
  });
  afterEach(async () => {
    await harness?.stop();
    harness = undefined;
    await cleanup.run(redisUrl);
    await testDb?.close();
    testDb = undefined;
  });

  return {
    redisUrl,
    get db(): Db {
      if (!testDb) throw new Error("the test database exists only inside a test");
      return testDb.db;
    },
    /** Starts the Bot API server and the runtime on a unique prefix that is cleaned up after the test. */
    async start(options: HarnessOptions = {}): Promise<Harness> {
      harness = await startHarness(this.db, redisUrl, options);
      cleanup.track(harness.prefix);
      return harness;
    },
  };
}
