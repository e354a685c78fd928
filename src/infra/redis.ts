import { Cluster, Redis, type RedisOptions } from "ioredis";
import type { Logger } from "../logger.ts";
import { isClusterUrl, parseRedisUrl } from "../redis-url.ts";

export type { Redis };

/**
 * Opens the set-up `url` names (see `redis-url.ts`). A cluster client is handed out under the
 * `Redis` type: it has the same commands, routes each one by its first key, and BullMQ takes
 * either; the one call whose signature differs, `duplicate`, goes through `duplicateConnection`.
 */
function open(url: string, options: RedisOptions): Redis {
  const target = parseRedisUrl(url);
  if (target.mode === "single") return new Redis(url, options);
  const credentials = {
    ...(target.username ? { username: target.username } : {}),
    ...(target.password ? { password: target.password } : {}),
    ...(target.tls ? { tls: {} } : {}),
  };
  if (target.mode === "sentinel")
    return new Redis({
      ...options,
      ...credentials,
      sentinels: target.sentinels,
      name: target.name,
      db: target.db,
      // Listens to the Sentinels' `+switch-master`: writes move to the promoted replica at once
      // instead of going to the demoted master until its connection happens to drop.
      failoverDetector: true,
    });
  const { retryStrategy, enableOfflineQueue, enableReadyCheck, ...perNode } = options;
  const cluster = new Cluster(target.nodes, {
    redisOptions: { ...perNode, ...credentials },
    ...(retryStrategy ? { clusterRetryStrategy: (attempt) => retryStrategy(attempt) } : {}),
    ...(enableOfflineQueue === undefined ? {} : { enableOfflineQueue }),
    ...(enableReadyCheck === undefined ? {} : { enableReadyCheck }),
    ...(options.enableAutoPipelining ? { enableAutoPipelining: true } : {}),
  });
  return cluster as unknown as Redis;
}

/**
 * A connection for BullMQ workers and blocking commands: it retries forever, as
 * BullMQ's production guide asks (`maxRetriesPerRequest: null`).
 */
export function createWorkerConnection(
  url: string,
  logger?: Logger,
  extra: RedisOptions = {},
): Redis {
  const redis = open(url, {
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
  const redis = open(url, {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: true,
    connectTimeout: 2000,
    retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
    ...extra,
  });
  redis.on("error", (error) => logger?.warn({ err: error.message }, "redis connection error"));
  return redis;
}

/** A second connection to the same set-up with some options changed (one Redis or a cluster). */
export function duplicateConnection(redis: Redis, override: Partial<RedisOptions> = {}): Redis {
  if (!redis.isCluster) return redis.duplicate(override);
  const cluster = redis as unknown as Cluster;
  const { enableAutoPipelining, ...perNode } = override;
  return cluster.duplicate(undefined, {
    redisOptions: { ...cluster.options.redisOptions, ...perNode },
    ...(enableAutoPipelining === undefined ? {} : { enableAutoPipelining }),
  }) as unknown as Redis;
}

/**
 * The BullMQ prefix to use on this Redis. On a cluster it is put in braces (`{bull}`): every key
 * of a queue, and the app's keys kept under the same prefix, then hash to one slot, which
 * BullMQ's scripts and the status rate limits need. On one Redis or Sentinel it stays as given,
 * so the jobs already queued under it are found after an upgrade. Idempotent.
 */
export function queuePrefix(redis: string | Redis, prefix = "bull"): string {
  const cluster = typeof redis === "string" ? isClusterUrl(redis) : redis.isCluster;
  if (!cluster || /^\{[^}]+\}/.test(prefix)) return prefix;
  return `{${prefix}}`;
}
