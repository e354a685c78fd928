import type { Redis } from "../infra/redis.ts";

// One round trip: count the hit and start the window on the first one.
const HIT = `local c = redis.call('INCR', KEYS[1])
if c == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return {c, redis.call('PTTL', KEYS[1])}`;

export interface Hit {
  allowed: boolean;
  count: number;
  retryAfterSeconds: number;
}

/** Fixed-window counter in Redis: `limit` hits per `windowSeconds` per key. */
export async function hit(
  redis: Redis,
  key: string,
  limit: number,
  windowSeconds: number,
): Promise<Hit> {
  const [count, ttl] = (await redis.eval(HIT, 1, key, windowSeconds * 1000)) as [number, number];
  return { allowed: count <= limit, count, retryAfterSeconds: Math.max(1, Math.ceil(ttl / 1000)) };
}

/** Reads a counter without counting. */
export async function peek(redis: Redis, key: string): Promise<number> {
  return Number((await redis.get(key)) ?? 0);
}

export async function bump(redis: Redis, key: string, windowSeconds: number): Promise<void> {
  await redis.eval(HIT, 1, key, windowSeconds * 1000);
}
