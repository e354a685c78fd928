import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hit } from "../../src/applications/rate-limit.ts";
import { createClientConnection, type Redis } from "../../src/infra/redis.ts";
import { startTestRedisSentinel, type TestRedisSentinel } from "../support/redis-sentinel.ts";

let sentinel: TestRedisSentinel;
let redis: Redis;

beforeAll(async () => {
  sentinel = await startTestRedisSentinel();
  redis = createClientConnection(sentinel.url);
}, 60_000);

afterAll(async () => {
  redis?.disconnect();
  await sentinel?.stop();
});

describe("REDIS_URL naming a Sentinel set-up", () => {
  it("writes to the master the Sentinel names, and to the new one after a failover", async () => {
    const [master, replica] = sentinel.ports;
    await redis.set("qoldau:sentinel-probe", "before");
    // Replication is asynchronous: the forced failover must not race the replica's copy.
    expect(await redis.wait(1, 5000)).toBe(1);
    const direct = createClientConnection(`redis://127.0.0.1:${master}`);
    try {
      expect(await direct.get("qoldau:sentinel-probe")).toBe("before");
    } finally {
      direct.disconnect();
    }

    expect(await sentinel.failover()).toBe(replica);
    // The same connection follows the Sentinel to the promoted replica; a rate limit counts on.
    const deadline = Date.now() + 15_000;
    const servedBy = async () =>
      Number(/tcp_port:(\d+)/.exec(await redis.info("server").catch(() => ""))?.[1]);
    while ((await servedBy()) !== replica && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 100));
    const counted = await hit(redis, "qoldau:sentinel-limit", 5, 60);
    expect(counted).toMatchObject({ allowed: true, count: 1 });
    expect(await redis.get("qoldau:sentinel-probe")).toBe("before");
    const promoted = createClientConnection(`redis://127.0.0.1:${replica}`);
    try {
      expect(await promoted.get("qoldau:sentinel-limit")).toBe("1");
    } finally {
      promoted.disconnect();
    }
    // Each wait above has its own deadline; together they may outlast the default 20 s.
  }, 60_000);
});
