/**
 * The three Redis set-ups `REDIS_URL` can name. Kept apart from `redis.ts` (and so from
 * ioredis) because the config parses it at start-up.
 *
 * - `redis://[user:password@]host:port[/db]` (or `rediss://` for TLS): one Redis, as before.
 * - `redis+sentinel://[user:password@]host:port,host:port/<master name>[/db]`: the master that
 *   the Sentinels name; a failover moves the connections to the new master by itself.
 * - `redis+cluster://[user:password@]host:port,host:port`: a Redis Cluster; the listed nodes are
 *   only where the client starts, it learns the others from them.
 *
 * `rediss+sentinel://` and `rediss+cluster://` use TLS. The password belongs to the Redis
 * servers (the Sentinels themselves are reached without one).
 */
export type RedisTarget =
  | { mode: "single"; url: string }
  | {
      mode: "sentinel";
      sentinels: RedisNode[];
      /** The master's name in the Sentinels' configuration. */
      name: string;
      db: number;
      username?: string;
      password?: string;
      tls: boolean;
    }
  | { mode: "cluster"; nodes: RedisNode[]; username?: string; password?: string; tls: boolean };

export interface RedisNode {
  host: string;
  port: number;
}

const multiHost =
  /^(?<scheme>rediss?)\+(?<mode>sentinel|cluster):\/\/(?:(?<user>[^:@/]*)(?::(?<password>[^@/]*))?@)?(?<hosts>[^/@?#]+)(?<path>\/[^?#]*)?$/;

/** Parses `REDIS_URL`; throws an Error that says what is expected. */
export function parseRedisUrl(text: string): RedisTarget {
  const match = multiHost.exec(text);
  if (!match?.groups) {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw new Error("expected redis://, rediss://, redis+sentinel:// or redis+cluster://");
    }
    if (url.protocol !== "redis:" && url.protocol !== "rediss:")
      throw new Error("expected redis://, rediss://, redis+sentinel:// or redis+cluster://");
    return { mode: "single", url: text };
  }
  const { scheme, mode, user, password, hosts = "", path = "" } = match.groups;
  const nodes = hosts.split(",").map((entry) => {
    const node = /^(?<host>\[[0-9a-fA-F:.]+\]|[^:[\]]+):(?<port>\d{1,5})$/.exec(entry.trim());
    const port = Number(node?.groups?.port);
    if (!node?.groups?.host || port < 1 || port > 65535)
      throw new Error(`expected host:port, not "${entry}"`);
    return { host: node.groups.host.replace(/^\[|\]$/g, ""), port };
  });
  const credentials = {
    ...(user ? { username: decodeURIComponent(user) } : {}),
    ...(password ? { password: decodeURIComponent(password) } : {}),
    tls: scheme === "rediss",
  };
  const segments = path.split("/").filter((segment) => segment !== "");
  if (mode === "cluster") {
    // A cluster has only database 0.
    if (segments.length > 0) throw new Error("a redis+cluster:// URL takes no path");
    return { mode: "cluster", nodes, ...credentials };
  }
  const [name, db = "0", ...extra] = segments;
  if (!name || extra.length > 0 || !/^\d{1,2}$/.test(db))
    throw new Error("expected redis+sentinel://host:port,host:port/<master name>[/db]");
  return {
    mode: "sentinel",
    sentinels: nodes,
    name: decodeURIComponent(name),
    db: Number(db),
    ...credentials,
  };
}

/** True for a `redis+cluster://` URL: BullMQ prefixes and some keys then need hash tags. */
export function isClusterUrl(text: string): boolean {
  return /^rediss?\+cluster:\/\//.test(text);
}
