import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { releaseLease, renewLease, TAKEN, takeLease } from "../infra/lease.ts";

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
      return (await takeLease(redis, key, token, leaseMs)) === TAKEN;
    },
    /** False when the lease was lost (expired and taken by another instance). */
    async renew(): Promise<boolean> {
      return renewLease(redis, key, token, leaseMs);
    },
    async release(): Promise<void> {
      await releaseLease(redis, key, token);
    },
  };
}
