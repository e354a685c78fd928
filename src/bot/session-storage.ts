import { RedisAdapter } from "@grammyjs/storage-redis";
import type { StorageAdapter } from "grammy";
import type { Redis } from "../infra/redis.ts";

/** Forget what was read for chats whose update failed (no write follows) beyond this many. */
const MAX_PENDING_READS = 10_000;

/**
 * Sessions in Redis through `@grammyjs/storage-redis`, with less work per update:
 * - grammY writes back every session it read, changed or not (menu, help, contact and cards only
 *   read the language): a session that serialises as it was read is not SET again, only its
 *   expiry restarts (`EXPIRE`), so it still lives 30 days after the last update;
 * - the connection given should auto-pipeline, so the session commands of the updates in hand
 *   go to Redis in one socket write per event-loop turn instead of one per command.
 * The session key is a chat id and `sequentialize` runs one update per chat at a time, so a read
 * and the write that follows belong to the same update.
 */
export function createSessionStorage<T>(redis: Redis, ttlSeconds: number): StorageAdapter<T> {
  const adapter = new RedisAdapter<T>({ instance: redis, ttl: ttlSeconds });
  const asRead = new Map<string, string>();
  return {
    async read(key) {
      const value = await adapter.read(key);
      if (value === undefined) asRead.delete(key);
      else {
        if (asRead.size >= MAX_PENDING_READS) asRead.clear();
        asRead.set(key, JSON.stringify(value));
      }
      return value;
    },
    async write(key, value) {
      const before = asRead.get(key);
      asRead.delete(key);
      if (before !== undefined && JSON.stringify(value) === before) {
        await redis.expire(key, ttlSeconds);
        return;
      }
      await adapter.write(key, value);
    },
    async delete(key) {
      asRead.delete(key);
      await adapter.delete(key);
    },
  };
}
