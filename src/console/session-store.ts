import type { SessionStore } from "@fastify/session";
import type { Session } from "fastify";
import type { Redis } from "../infra/redis.ts";

/** Console sessions in Redis, so that a restart or a second instance keeps operators signed in. */
export function createRedisSessionStore(redis: Redis, prefix: string, ttlMs: number): SessionStore {
  return {
    set(sessionId, session, callback) {
      redis.set(prefix + sessionId, JSON.stringify(session), "PX", ttlMs).then(
        () => callback(),
        (error: unknown) => callback(error),
      );
    },
    get(sessionId, callback) {
      redis.get(prefix + sessionId).then(
        (value) => callback(null, value ? (JSON.parse(value) as Session) : null),
        (error: unknown) => callback(error),
      );
    },
    destroy(sessionId, callback) {
      redis.del(prefix + sessionId).then(
        () => callback(),
        (error: unknown) => callback(error),
      );
    },
  };
}
