import { inject } from "vitest";

/**
 * The suite's shared Redis for this test file. Global set-up starts one redis-server per vitest
 * worker, and each file uses its worker's: files running at the same time never share keys
 * (the bot's poller lease, BullMQ queues under their default prefix, per-address rate limits),
 * while files of one worker run one after another as they did on a single Redis.
 */
export function testRedisUrl(): string {
  const urls = inject("redisUrls");
  // Vitest numbers its workers 1..maxWorkers; a run started another way uses the first server.
  const slot = Number(process.env.VITEST_POOL_ID ?? "1");
  const url = urls[(Number.isInteger(slot) && slot > 0 ? slot - 1 : 0) % urls.length];
  if (!url) throw new Error("global set-up started no Redis (tests/support/global-setup.ts)");
  return url;
}
