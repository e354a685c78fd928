import type { Redis } from "../infra/redis.ts";

/** What a console session holds: who signed in, and until when (ms since the epoch). */
export interface StoredSession {
  userId: number | undefined;
  expires: number | undefined;
}

/** Where console sessions live, by session id (the cookie carries the id, signed). */
export interface SessionStore {
  /** The session, or undefined when there is none or its value cannot be read. */
  get(sessionId: string): Promise<StoredSession | undefined>;
  set(sessionId: string, session: StoredSession, ttlMs: number): Promise<void>;
  destroy(sessionId: string): Promise<void>;
}

/**
 * Reads both formats: ours, `{"userId":5,"expires":<ms>}`, and the one @fastify/session wrote
 * until December 2026, `{"cookie":{"expires":"<ISO date>",…},"userId":5}`, which stays in Redis
 * for up to a session's lifetime after the upgrade.
 */
export function parseStoredSession(value: string): StoredSession | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return undefined;
  }
  if (typeof parsed !== "object" || parsed === null) return undefined;
  const { userId, expires, cookie } = parsed as Record<string, unknown>;
  let until: number | undefined;
  if (typeof expires === "number") until = expires;
  else if (typeof cookie === "object" && cookie !== null) {
    const old = (cookie as Record<string, unknown>).expires;
    if (typeof old === "string") {
      const time = Date.parse(old);
      if (!Number.isNaN(time)) until = time;
    }
  }
  return { userId: Number.isInteger(userId) ? (userId as number) : undefined, expires: until };
}

/** Console sessions in Redis, so that a restart or a second instance keeps operators signed in. */
export function createRedisSessionStore(redis: Redis, prefix: string): SessionStore {
  return {
    async get(sessionId) {
      const value = await redis.get(prefix + sessionId);
      return value === null ? undefined : parseStoredSession(value);
    },
    async set(sessionId, session, ttlMs) {
      const value = JSON.stringify({ userId: session.userId, expires: session.expires });
      await redis.set(prefix + sessionId, value, "PX", ttlMs);
    },
    async destroy(sessionId) {
      await redis.del(prefix + sessionId);
    },
  };
}
