import type { SessionStore } from "@fastify/session";
import type { Session } from "fastify";
import type { Redis } from "../infra/redis.ts";

/** How long an instance uses a console session it read before reading it again (if not ended). */
export const SESSION_COPY_MS = 5_000;

/** Keeping the sessions this instance read, and hearing which ones ended elsewhere. */
export interface RememberedSessions {
  /** A connection of its own (it is put in subscriber mode). */
  subscriber: Redis;
  /** How long a session read from Redis is used without reading it again. */
  ms: number;
  /** At most this many sessions, oldest out first. */
  size?: number;
}

/**
 * Console sessions in Redis, so that a restart or a second instance keeps operators signed in.
 *
 * With `remember`, the sessions this instance read are kept for a few seconds: an operator sends
 * a request per keystroke, and a Redis round trip for each was the console's largest cost per
 * request. A session is written once (at sign-in) and then only ended, so a kept copy can only
 * be wrong once the session ended: ending one (sign-out, a disabled user) drops it here at once
 * and announces its id on a channel, on which every instance drops its copy. If an instance
 * misses the announcement (its subscriber was reconnecting), its copy is gone after `ms` anyway,
 * and every copy is dropped when the subscriber connects again.
 */
export function createRedisSessionStore(
  redis: Redis,
  prefix: string,
  ttlMs: number,
  remember?: RememberedSessions,
): SessionStore & { ready: Promise<void> } {
  const channel = `${prefix}ended`;
  const copies = new Map<string, { session: Session; at: number }>();
  const size = remember?.size ?? 10_000;
  // Counts the sessions ended so far: a read that overlapped an ending is not kept, since it may
  // have been answered just before the session was deleted.
  let endings = 0;
  const end = (sessionId: string) => {
    endings += 1;
    copies.delete(sessionId);
  };
  const keep = (sessionId: string, text: string) => {
    if (!remember) return;
    copies.delete(sessionId);
    if (copies.size >= size) copies.delete(copies.keys().next().value as string);
    copies.set(sessionId, { session: JSON.parse(text) as Session, at: Date.now() });
  };
  let ready = Promise.resolve();
  if (remember) {
    remember.subscriber.on("message", (from: string, sessionId: string) => {
      if (from === channel) end(sessionId);
    });
    remember.subscriber.on("ready", () => {
      endings += 1;
      copies.clear();
    });
    ready = remember.subscriber.subscribe(channel).then(() => undefined);
  }
  return {
    ready,
    set(sessionId, session, callback) {
      const text = JSON.stringify(session);
      redis.set(prefix + sessionId, text, "PX", ttlMs).then(
        () => {
          keep(sessionId, text);
          callback();
        },
        (error: unknown) => callback(error),
      );
    },
    get(sessionId, callback) {
      const copy = copies.get(sessionId);
      if (copy && remember && Date.now() - copy.at < remember.ms) {
        callback(null, copy.session);
        return;
      }
      const endingsBefore = endings;
      redis.get(prefix + sessionId).then(
        (value) => {
          if (value && endings === endingsBefore) keep(sessionId, value);
          else copies.delete(sessionId);
          callback(null, value ? (JSON.parse(value) as Session) : null);
        },
        (error: unknown) => callback(error),
      );
    },
    destroy(sessionId, callback) {
      end(sessionId);
      redis
        .del(prefix + sessionId)
        .then(async () => {
          // Without the announcement, other instances drop their copy within `ms` anyway.
          if (remember) await redis.publish(channel, sessionId).catch(() => 0);
        })
        .then(
          () => callback(),
          (error: unknown) => callback(error),
        );
    },
  };
}
