import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";

const renewScript = `
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end
return 0`;
const releaseScript = `
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end
return 0`;

/**
 * Telegram allows one `getUpdates` consumer per bot: with several instances in long-polling
 * mode, only the holder of this Redis lease polls. The holder renews it every third of the
 * lease; an instance that dies stops renewing, and another takes over within one lease.
 */
export function createPollerLock(redis: Redis, key: string, leaseMs = 15_000) {
  const token = randomUUID();
  return {
    leaseMs,
    async acquire(): Promise<boolean> {
      return (await redis.set(key, token, "PX", leaseMs, "NX")) === "OK";
    },
    /** False when the lease was lost (expired and taken by another instance). */
    async renew(): Promise<boolean> {
      return (await redis.eval(renewScript, 1, key, token, String(leaseMs))) === 1;
    },
    async release(): Promise<void> {
      await redis.eval(releaseScript, 1, key, token);
    },
  };
}
