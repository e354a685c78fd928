import type { StorageAdapter } from "grammy";
import type { Redis } from "../infra/redis.ts";

/** Forget what was read for chats whose update failed (no write follows) beyond this many. */
const MAX_PENDING_READS = 10_000;

/**
 * Sessions in Redis as JSON (the format of `@grammyjs/storage-redis`), with as little work per
 * update as a session allows:
 * - the read is a `GETEX … EX ttl`: it restarts the expiry, so a session lives 30 days after the
 *   last update, and one the update leaves as it was (menu, help, contact and cards only read
 *   the language) is not written back at all, although grammY hands every session it read to
 *   `write`;
 * - a changed session is one `SET … EX ttl`; the text read is kept until the write, so telling
 *   changed from unchanged costs one `JSON.stringify`, the one the write needs anyway;
 * - the connection given should auto-pipeline, so the session commands of the updates in hand
 *   go to Redis in one socket write per event-loop turn instead of one per command.
 * The session key is a chat id and `sequentialize` runs one update per chat at a time, so a read
 * and the write that follows belong to the same update.
 */
export function createSessionStorage<T>(redis: Redis, ttlSeconds: number): StorageAdapter<T> {
  const asRead = new Map<string, string>();
  return {
    async read(key) {
      const text = await redis.getex(key, "EX", ttlSeconds);
      if (text === null) {
        asRead.delete(key);
        return undefined;
      }
      if (asRead.size >= MAX_PENDING_READS) asRead.clear();
      asRead.set(key, text);
      return JSON.parse(text) as T;
    },
    async write(key, value) {
      const before = asRead.get(key);
      asRead.delete(key);
      const text = JSON.stringify(value);
      if (text === before) return;
      await redis.set(key, text, "EX", ttlSeconds);
    },
    async delete(key) {
      asRead.delete(key);
      await redis.del(key);
    },
  };
}
