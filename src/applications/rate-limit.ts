import type { Redis } from "../infra/redis.ts";

// One round trip: count the hit and start the window on the first one.
const HIT = `local c = redis.call('INCR', KEYS[1])
if c == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return {c, redis.call('PTTL', KEYS[1])}`;

// Admission of one lookup in one atomic step: the requester's unknown-ID budget, then the
// per-requester and per-ID minute windows (counted), then, for an ID the registry does not
// have, the miss itself (ARGV[4] = 1). Counting the miss here rather than after the lookup is
// what stops parallel requests from all passing a budget that is not spent yet. Returns 0
// when admitted, else the seconds to wait.
const ADMIT = `local misses = tonumber(redis.call('GET', KEYS[1]) or '0')
if misses >= tonumber(ARGV[1]) then return math.max(1, redis.call('TTL', KEYS[1])) end
for i = 2, 3 do
  local c = redis.call('INCR', KEYS[i])
  if c == 1 then redis.call('PEXPIRE', KEYS[i], 60000) end
  if c > tonumber(ARGV[i]) then return math.max(1, math.ceil(redis.call('PTTL', KEYS[i]) / 1000)) end
end
if ARGV[4] == '1' then
  if redis.call('INCR', KEYS[1]) == 1 then redis.call('PEXPIRE', KEYS[1], 3600000) end
end
return 0`;

type WithAdmit = Redis & {
  qoldauAdmit?: (
    missesKey: string,
    userKey: string,
    idKey: string,
    missLimit: number,
    userLimit: number,
    idLimit: number,
    isMiss: number,
  ) => Promise<number>;
};

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

/** 0 when a lookup may go ahead, else seconds until it may (EVALSHA of a cached script). */
export async function admit(
  redis: Redis,
  keys: { misses: string; user: string; id: string },
  limits: { misses: number; user: number; id: number },
  /** The registry has no such ID: the lookup spends one of the unknown-ID budget. */
  isMiss = false,
): Promise<number> {
  const client = redis as WithAdmit;
  if (!client.qoldauAdmit) client.defineCommand("qoldauAdmit", { numberOfKeys: 3, lua: ADMIT });
  const admitCommand = client.qoldauAdmit as NonNullable<WithAdmit["qoldauAdmit"]>;
  return admitCommand.call(
    client,
    keys.misses,
    keys.user,
    keys.id,
    limits.misses,
    limits.user,
    limits.id,
    isMiss ? 1 : 0,
  );
}

/** Gives back an attempt counted up front (a proof that turned out right). */
export async function giveBack(redis: Redis, key: string): Promise<void> {
  await redis.eval(
    "if tonumber(redis.call('GET', KEYS[1]) or '0') > 0 then redis.call('DECR', KEYS[1]) end",
    1,
    key,
  );
}
