import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createChatTurns, HELD } from "../../src/handoff/chat-turn.ts";
import { createClientConnection, type Redis } from "../../src/infra/redis.ts";
import { testRedisUrl } from "../support/suite-redis.ts";

/**
 * A parent's chat takes one delivery run at a time and one message per interval, whichever
 * process sends: what keeps operators' replies in order and within Telegram's 1 message/s.
 */
describe("a chat's turn in Redis", () => {
  let redis: Redis;
  const prefix = `chat-turn-test-${process.pid}`;
  // An interval long enough that a loaded machine cannot let it lapse between two calls.
  const options = { prefix, lockMs: 5000, slotHoldMs: 5000, perChatMs: 1000 };
  let turns: ReturnType<typeof createChatTurns>;
  let n = 0;
  const nextChat = () => ({ channel: "telegram" as const, chatId: String(7000 + n++) });

  beforeAll(() => {
    redis = createClientConnection(testRedisUrl());
    turns = createChatTurns(redis, options);
  });
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  it("gives the chat to one run; another gives way and is told to look again", async () => {
    const chat = nextChat();
    expect(await turns.begin(chat, "run-a")).toBe(0);
    expect(await turns.begin(chat, "run-b")).toBe(HELD);
    // Letting go reports the run that gave way, once: its message may be waiting.
    expect(await turns.end(chat, "run-a", false, true)).toBe(true);
    expect(await turns.begin(chat, "run-b")).toBe(0);
    expect(await turns.end(chat, "run-b", false, true)).toBe(false);
  });

  it("answers a begin sent again (after a reconnect) as it answered the first", async () => {
    const chat = nextChat();
    expect(await turns.begin(chat, "run-a")).toBe(0);
    expect(await turns.begin(chat, "run-a")).toBe(0);
    expect(await turns.end(chat, "run-a", false, true)).toBe(false);
  });

  it("keeps the interval after a send: the next send waits for it", async () => {
    const chat = nextChat();
    expect(await turns.begin(chat, "run-a")).toBe(0);
    // The interval starts when Redis runs the end, which is after this moment.
    const sentAt = performance.now();
    expect(await turns.end(chat, "run-a", true, true)).toBe(false);
    // A new run finds the slot taken by the last send, for up to the per-chat interval.
    const left = await turns.begin(chat, "run-b");
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThanOrEqual(options.perChatMs);
    await turns.slot(chat, "run-b", (ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    // Whatever the machine's load, the next send never comes sooner (ms rounding aside).
    expect(performance.now() - sentAt).toBeGreaterThanOrEqual(options.perChatMs - 2);
    expect(await turns.end(chat, "run-b", true, true)).toBe(false);
  });

  it("renews only a lock the run still holds", async () => {
    const chat = nextChat();
    expect(await turns.begin(chat, "run-a")).toBe(0);
    expect(await turns.renew(chat, "run-a")).toBe(true);
    // The lock lapses (a stalled holder): another run takes the chat, and waits for the
    // lapsed run's send slot, which may still be on its way.
    await redis.del(turns.lockKey(chat));
    expect(await turns.begin(chat, "run-b")).toBeGreaterThan(0);
    expect(await turns.renew(chat, "run-a")).toBe(false);
    // The lapsed run's end leaves the new holder's lock alone.
    await turns.end(chat, "run-a", false, true);
    expect(await turns.begin(chat, "run-c")).toBe(HELD);
  });
});
