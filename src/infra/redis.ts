import { Redis, type RedisOptions } from "ioredis";
import type { Logger } from "../logger.ts";

export type { Redis };

/**
 * A connection for BullMQ workers and blocking commands: it retries forever, as
 * BullMQ's production guide asks (`maxRetriesPerRequest: null`).
 */
export function createWorkerConnection(
  url: string,
  logger?: Logger,
  extra: RedisOptions = {},
): Redis {
  const redis = new Redis(url, {
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
    ...extra,
  });
  redis.on("error", (error) => logger?.warn({ err: error.message }, "redis connection error"));
  return redis;
}

/**
 * A connection for request handlers and producers: commands fail fast while
 * Redis is away, so a user gets an answer instead of a hang.
 */
export function createClientConnection(
  url: string,
  logger?: Logger,
  extra: RedisOptions = {},
): Redis {
  const redis = new Redis(url, {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: true,
    connectTimeout: 2000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
    ...extra,
  });
  redis.on("error", (error) => logger?.warn({ err: error.message }, "redis connection error"));
  return redis;
}
