import { randomUUID } from "node:crypto";
import type { Redis } from "../infra/redis.ts";

// The same rule as Telegram's counter: at most `n` sends in any sliding window. Redis TIME gives
// every worker process one clock; checking and recording happen atomically.
const acquireScript = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local n = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local hold = tonumber(redis.call('GET', KEYS[2]) or '0')
if hold > now then return tostring(hold - now) end
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
if redis.call('ZCARD', KEYS[1]) >= n then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return tostring(math.max(1, tonumber(oldest[2]) + window - now))
end
redis.call('ZADD', KEYS[1], now, ARGV[3])
redis.call('PEXPIRE', KEYS[1], math.ceil(window * 2))
return '0'
`;

// Moves a send's mark to when its answer came: Telegram counted it somewhere in between, so
// the later time is the safe one to measure the next second from.
const doneScript = `
local t = redis.call('TIME')
redis.call('ZADD', KEYS[1], 'XX', tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000, ARGV[1])
return 1
`;

const holdScript = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local untilMs = now + tonumber(ARGV[1])
if untilMs > tonumber(redis.call('GET', KEYS[1]) or '0') then
  redis.call('SET', KEYS[1], tostring(untilMs), 'PX', math.ceil(tonumber(ARGV[1])))
end
return 1
`;

export interface SendPacer {
  /** Waits until one more send fits into every sliding second; returns its mark. */
  acquire(): Promise<string>;
  /** The answer to that send came (whatever it was). */
  done(mark: string): Promise<void>;
  /** No worker sends for `ms` (a 429's retry_after applies to the whole bot). */
  hold(ms: number): Promise<void>;
}

/**
 * Global send pacing shared by every worker, checked right before each request. BullMQ's
 * limiter counts jobs per fixed window, so a burst at a window's start can still put more than
 * the limit into one sliding second and draw 429s; this mirrors Telegram's rule instead.
 */
export function createSendPacer(redis: Redis, keyPrefix: string, ratePerSecond: number): SendPacer {
  const sent = `${keyPrefix}:sent`;
  const hold = `${keyPrefix}:hold`;
  const window = 1003;
  return {
    async acquire() {
      const mark = randomUUID();
      for (;;) {
        const wait = Number(
          await redis.eval(
            acquireScript,
            2,
            sent,
            hold,
            String(ratePerSecond),
            String(window),
            mark,
          ),
        );
        if (wait <= 0) return mark;
        await new Promise((resolve) => setTimeout(resolve, Math.min(Math.ceil(wait), 1000)));
      }
    },
    async done(mark) {
      await redis.eval(doneScript, 1, sent, mark);
    },
    async hold(ms) {
      await redis.eval(holdScript, 1, hold, String(ms));
    },
  };
}
