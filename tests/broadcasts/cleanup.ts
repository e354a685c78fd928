import { Redis } from "ioredis";

/** Deletes every key under the BullMQ prefixes a test used. */
export function createHarnessCleanup() {
  const prefixes: string[] = [];
  return {
    track(prefix: string) {
      prefixes.push(prefix);
    },
    async run(redisUrl: string) {
      const redis = new Redis(redisUrl);
      for (const prefix of prefixes.splice(0)) {
        let cursor = "0";
        do {
          const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 500);
          cursor = next;
          if (keys.length > 0) await redis.del(...keys);
        } while (cursor !== "0");
      }
      await redis.quit();
    },
  };
}
