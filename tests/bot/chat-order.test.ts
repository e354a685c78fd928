import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterEach, describe, expect, it } from "vitest";
import { createChatOrder } from "../../src/bot/chat-order.ts";
import { testRedisUrl } from "../support/suite-redis.ts";

const redisUrl = testRedisUrl();

/** A promise with its resolve function, to hold a handler until the test lets it finish. */
function gate() {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

describe("per-chat order across instances (webhook mode)", () => {
  const connections: Redis[] = [];
  const prefix = `test:${randomUUID()}:`;
  const instance = (leaseMs = 2000) => {
    const redis = new Redis(redisUrl, { maxRetriesPerRequest: 0 });
    connections.push(redis);
    return { redis, order: createChatOrder(redis, { prefix, leaseMs, maxWaitMs: 10_000 }) };
  };
  afterEach(async () => {
    const cleaner = connections[0];
    const keys = cleaner ? await cleaner.keys(`${prefix}*`).catch(() => []) : [];
    if (cleaner && keys.length > 0) await cleaner.del(...keys);
    for (const redis of connections.splice(0)) redis.disconnect();
  });

  it("runs a chat's updates one at a time, oldest first, whichever instance got them", async () => {
    const a = instance();
    const b = instance();
    const handled: number[] = [];
    let running = 0;
    let overlap = false;
    const handler = (id: number, wait?: Promise<void>) => async () => {
      running += 1;
      if (running > 1) overlap = true;
      await wait;
      handled.push(id);
      running -= 1;
    };
    const first = gate();
    const runs = [a.order.run("42", 10, handler(10, first.opened))];
    // Wait until update 10 holds the chat, then 12 arrives at B before 11 arrives at A.
    while ((await a.redis.exists(`${prefix}bot:{chat:42}:lock`)) === 0)
      await new Promise((resolve) => setTimeout(resolve, 5));
    runs.push(b.order.run("42", 12, handler(12)));
    while ((await a.redis.zcard(`${prefix}bot:{chat:42}:queue`)) < 2)
      await new Promise((resolve) => setTimeout(resolve, 5));
    runs.push(a.order.run("42", 11, handler(11)));
    while ((await a.redis.zcard(`${prefix}bot:{chat:42}:queue`)) < 3)
      await new Promise((resolve) => setTimeout(resolve, 5));
    first.open();
    expect(await Promise.all(runs)).toEqual(["handled", "handled", "handled"]);
    expect(handled).toEqual([10, 11, 12]);
    expect(overlap).toBe(false);
  });

  it("handles an update delivered twice, to two instances at once, once", async () => {
    const a = instance();
    const b = instance();
    let count = 0;
    const handle = async () => {
      count += 1;
      await new Promise((resolve) => setTimeout(resolve, 20));
    };
    const turns = await Promise.all([a.order.run("7", 100, handle), b.order.run("7", 100, handle)]);
    expect(turns.sort()).toEqual(["duplicate", "handled"]);
    expect(count).toBe(1);
    // Redelivered a minute later: still once.
    expect(await b.order.run("7", 100, handle)).toBe("duplicate");
    expect(count).toBe(1);
  });

  it("goes on when the instance holding a chat dies, and does not mark its update handled", async () => {
    const dying = instance(300);
    const survivor = instance(300);
    const stuck = gate();
    const lost = dying.order.run("9", 20, () => stuck.opened).catch(() => "died");
    while ((await survivor.redis.exists(`${prefix}bot:{chat:9}:lock`)) === 0)
      await new Promise((resolve) => setTimeout(resolve, 5));
    // The process dies: no renewals, no release.
    dying.redis.disconnect();
    const handled: number[] = [];
    const next = await survivor.order.run("9", 21, async () => {
      handled.push(21);
    });
    expect(next).toBe("handled");
    // Telegram got no 200 for update 20 and sends it again: it runs now.
    expect(
      await survivor.order.run("9", 20, async () => {
        handled.push(20);
      }),
    ).toBe("handled");
    expect(handled).toEqual([21, 20]);
    stuck.open();
    expect(await lost).toBe("died");
  });
});
