import type { Redis } from "ioredis";

/** {@link takeLease}'s answer when the caller holds the key. */
export const TAKEN = -2;

/**
 * Takes a key for a holder unless another has it: {@link TAKEN}, or how long the other's hold
 * has left (-1: no expiry). Idempotent: a command that ioredis sends again after a reconnect
 * (Redis ran it, the reply was lost) finds the holder's own value and still answers TAKEN, where
 * a plain SET NX would answer "held by someone" and strand the key until it expires.
 */
const takeScript = `if redis.call("set", KEYS[1], ARGV[1], "PX", ARGV[2], "NX") then return -2 end
if redis.call("get", KEYS[1]) == ARGV[1] then return -2 end
return redis.call("pttl", KEYS[1])`;
const renewScript = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("pexpire", KEYS[1], ARGV[2]) end
return 0`;
const releaseScript = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) end
return 0`;

export async function takeLease(redis: Redis, key: string, holder: string, ms: number) {
  return Number(await redis.eval(takeScript, 1, key, holder, ms));
}

/** Extends the lease only while this holder still has it; false when it was lost. */
export async function renewLease(redis: Redis, key: string, holder: string, ms: number) {
  return Number(await redis.eval(renewScript, 1, key, holder, ms)) === 1;
}

/** Lets go of the lease only while this holder still has it. */
export async function releaseLease(redis: Redis, key: string, holder: string): Promise<void> {
  await redis.eval(releaseScript, 1, key, holder);
}
