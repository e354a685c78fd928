import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterEach, describe, expect, it } from "vitest";
import { createPollerLock } from "../../src/bot/poller-lock.ts";
import { testRedisUrl } from "../support/suite-redis.ts";

const redisUrl = testRedisUrl();

describe("one poller across instances", () => {
  const connections: Redis[] = [];
  const connect = () => {
    const redis = new Redis(redisUrl, { maxRetriesPerRequest: 0 });
    connections.push(redis);
    return redis;
  };
  afterEach(() => {
    for (const redis of connections.splice(0)) redis.disconnect();
  });

  it("lets one instance poll, hands over on a clean stop, and fails over when the holder dies", async () => {
    const key = `test:${randomUUID()}:bot:poller`;
    const a = createPollerLock(connect(), key, 300);
    const b = createPollerLock(connect(), key, 300);
    expect(await a.acquire()).toBe(true);
    expect(await b.acquire()).toBe(false);
    expect(await a.renew()).toBe(true);

    // A clean stop releases the lease: the standby instance takes it at its next check.
    await a.release();
    expect(await b.acquire()).toBe(true);
    expect(await a.acquire()).toBe(false);

    // The holder dies (no renewal, no release): the lease runs out and A takes over.
    const started = Date.now();
    while (!(await a.acquire())) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(Date.now() - started).toBeLessThan(2000);
    // The old holder learns it lost the lease at its next renewal, and stops polling.
    expect(await b.renew()).toBe(false);
    expect(await a.renew()).toBe(true);
  });
});
