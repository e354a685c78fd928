import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSessionStorage } from "../../src/bot/session-storage.ts";
import { testRedisUrl } from "../support/suite-redis.ts";

let redis: Redis;
const prefix = `test:${randomUUID()}:session:`;
beforeAll(() => {
  redis = new Redis(testRedisUrl(), { enableAutoPipelining: true });
});
afterAll(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
});

describe("session storage", () => {
  it("keeps a session 30 days after the last update, even one that changed nothing", async () => {
    const storage = createSessionStorage<{ lang: string }>(redis, 30 * 24 * 3600);
    const key = `${prefix}1`;
    await storage.write(key, { lang: "kk" });
    await redis.expire(key, 60); // as if the last update was long ago
    const session = await storage.read(key);
    expect(session).toEqual({ lang: "kk" });
    await storage.write(key, session as { lang: string });
    expect(await redis.get(key)).toBe('{"lang":"kk"}');
    expect(await redis.ttl(key)).toBeGreaterThan(29 * 24 * 3600);
  });

  it("writes a changed session and deletes a dropped one", async () => {
    const storage = createSessionStorage<{ lang: string }>(redis, 3600);
    const key = `${prefix}2`;
    await storage.write(key, { lang: "kk" });
    const session = await storage.read(key);
    await storage.write(key, { ...(session as { lang: string }), lang: "ru" });
    expect(JSON.parse((await redis.get(key)) ?? "null")).toEqual({ lang: "ru" });
    await storage.read(key);
    await storage.delete(key);
    expect(await redis.exists(key)).toBe(0);
    expect(await storage.read(key)).toBeUndefined();
  });
});
