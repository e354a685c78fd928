import { describe, expect, it } from "vitest";
import { queuePrefix } from "../../src/infra/redis.ts";
import { isClusterUrl, parseRedisUrl } from "../../src/redis-url.ts";

describe("REDIS_URL forms", () => {
  it("keeps a plain redis:// URL as it is", () => {
    expect(parseRedisUrl("redis://:secret@10.0.0.5:6379/2")).toEqual({
      mode: "single",
      url: "redis://:secret@10.0.0.5:6379/2",
    });
  });

  it("reads the Sentinels, the master's name, the database and the password", () => {
    expect(
      parseRedisUrl(
        "redis+sentinel://:p%40ss@10.0.0.1:26379,sentinel-2:26379,[::1]:26380/qoldau/3",
      ),
    ).toEqual({
      mode: "sentinel",
      sentinels: [
        { host: "10.0.0.1", port: 26379 },
        { host: "sentinel-2", port: 26379 },
        { host: "::1", port: 26380 },
      ],
      name: "qoldau",
      db: 3,
      password: "p@ss",
      tls: false,
    });
  });

  it("reads the cluster's start nodes and TLS", () => {
    expect(parseRedisUrl("rediss+cluster://app:pw@node-1:7000,node-2:7001")).toEqual({
      mode: "cluster",
      nodes: [
        { host: "node-1", port: 7000 },
        { host: "node-2", port: 7001 },
      ],
      username: "app",
      password: "pw",
      tls: true,
    });
  });

  it.each([
    ["http://localhost:6379", /expected redis:\/\//],
    ["redis+cluster://node-1:7000/0", /takes no path/],
    ["redis+cluster://node-1", /expected host:port, not "node-1"/],
    ["redis+sentinel://node-1:26379", /<master name>/],
    ["redis+sentinel://node-1:99999/qoldau", /expected host:port/],
  ])("refuses %s", (url, message) => {
    expect(() => parseRedisUrl(url)).toThrow(message);
  });

  it("puts BullMQ prefixes in braces on a cluster only, once", () => {
    expect(isClusterUrl("redis+cluster://node-1:7000")).toBe(true);
    expect(queuePrefix("redis+cluster://node-1:7000")).toBe("{bull}");
    expect(queuePrefix("redis+cluster://node-1:7000", "qoldau-handoff")).toBe("{qoldau-handoff}");
    expect(queuePrefix("redis+cluster://node-1:7000", "{bull}")).toBe("{bull}");
    // Jobs queued on one Redis before an upgrade stay under the prefix they were queued with.
    expect(queuePrefix("redis://127.0.0.1:6379")).toBe("bull");
    expect(queuePrefix("redis+sentinel://s:26379/qoldau", "qoldau-handoff")).toBe("qoldau-handoff");
  });
});
