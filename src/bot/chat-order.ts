import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";

/**
 * Per-chat order across instances in webhook mode. Telegram may deliver a chat's updates on
 * several connections at once, to different instances behind the load balancer; each update
 * of a chat waits in a Redis sorted set (by `update_id`) and runs only when it is the oldest
 * waiting and holds the chat's lock. The keys of one chat share a hash tag, so the scripts
 * run on Redis Cluster. An update whose instance died (its "alive" key expired) is dropped
 * from the queue; Telegram, which got no 200 for it, sends it again.
 */

// KEYS[1] queue, KEYS[2] lock, KEYS[3] this update's alive key; ARGV id, token, lease ms, alive-key prefix
const acquireScript = `
redis.call('zadd', KEYS[1], 'NX', ARGV[1], ARGV[1])
redis.call('set', KEYS[3], '1', 'PX', ARGV[3])
while true do
  local head = redis.call('zrange', KEYS[1], 0, 0)[1]
  if not head or head == ARGV[1] then break end
  if redis.call('exists', ARGV[4] .. head) == 1 then return 0 end
  redis.call('zrem', KEYS[1], head)
end
if redis.call('set', KEYS[2], ARGV[2], 'NX', 'PX', ARGV[3]) then return 1 end
return 0`;

// KEYS[1] lock, KEYS[2] alive; ARGV token, lease ms
const renewScript = `
redis.call('pexpire', KEYS[2], ARGV[2])
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end
return 0`;

// KEYS[1] queue, KEYS[2] lock, KEYS[3] alive, KEYS[4] done; ARGV id, token, done seconds, finished (1/0)
const releaseScript = `
if ARGV[4] == '1' then redis.call('set', KEYS[4], '1', 'EX', ARGV[3]) end
redis.call('zrem', KEYS[1], ARGV[1])
redis.call('del', KEYS[3])
if redis.call('get', KEYS[2]) == ARGV[2] then redis.call('del', KEYS[2]) end
return 1`;

export interface ChatOrderOptions {
  /** Key prefix, e.g. `qoldau:`. */
  prefix: string;
  /** How long a lock or a waiting update lives without renewal (an instance that died). */
  leaseMs?: number;
  /** How long a handled `update_id` is remembered (Telegram re-sends for a day at most). */
  doneSeconds?: number;
  /** Longest wait for a chat's turn; past it the caller answers 503 and Telegram retries. */
  maxWaitMs?: number;
}

export type ChatTurn = "handled" | "duplicate" | "busy";

export function createChatOrder(redis: Redis, options: ChatOrderOptions) {
  const leaseMs = options.leaseMs ?? 15_000;
  const doneSeconds = options.doneSeconds ?? 24 * 3600;
  const maxWaitMs = options.maxWaitMs ?? 20_000;
  const keys = (chat: string, updateId: number) => {
    const base = `${options.prefix}bot:{chat:${chat}}`;
    return {
      queue: `${base}:queue`,
      lock: `${base}:lock`,
      alivePrefix: `${base}:alive:`,
      alive: `${base}:alive:${updateId}`,
      done: `${base}:done:${updateId}`,
    };
  };

  /**
   * Runs `handle` for this update when it is the chat's turn, exactly once per `update_id`
   * (a redelivered update that was handled is a "duplicate"); "busy" when the turn did not
   * come within `maxWaitMs` (nothing ran; Telegram should send it again).
   */
  async function run(
    chat: string,
    updateId: number,
    handle: () => Promise<void>,
  ): Promise<ChatTurn> {
    const k = keys(chat, updateId);
    const token = randomUUID();
    const deadline = Date.now() + maxWaitMs;
    /** Leaves the chat's queue (and its lock, if held); `done` marks the update as handled. */
    const release = (done: boolean) =>
      redis.eval(
        releaseScript,
        4,
        k.queue,
        k.lock,
        k.alive,
        k.done,
        String(updateId),
        token,
        String(doneSeconds),
        done ? "1" : "0",
      );
    let pause = 5;
    for (;;) {
      const acquired = await redis.eval(
        acquireScript,
        3,
        k.queue,
        k.lock,
        k.alive,
        String(updateId),
        token,
        String(leaseMs),
        k.alivePrefix,
      );
      if (acquired === 1) break;
      if (Date.now() > deadline) {
        await release(false);
        return "busy";
      }
      await new Promise((resolve) => setTimeout(resolve, pause));
      pause = Math.min(pause * 2, 50);
    }
    const renew = setInterval(
      () => {
        void redis.eval(renewScript, 2, k.lock, k.alive, token, String(leaseMs)).catch(() => {});
      },
      Math.max(leaseMs / 3, 50),
    );
    let finished = false;
    try {
      if ((await redis.exists(k.done)) === 1) {
        finished = true;
        return "duplicate";
      }
      await handle();
      finished = true;
      return "handled";
    } finally {
      clearInterval(renew);
      await release(finished);
    }
  }

  return { run };
}

export type ChatOrder = ReturnType<typeof createChatOrder>;

/** The chat an update belongs to (the user for updates without a chat). */
export function chatOfUpdate(update: {
  message?: { chat: { id: number } };
  callback_query?: { from: { id: number }; message?: { chat: { id: number } } };
  my_chat_member?: { chat: { id: number } };
}): string | undefined {
  const id =
    update.message?.chat.id ??
    update.callback_query?.message?.chat.id ??
    update.callback_query?.from.id ??
    update.my_chat_member?.chat.id;
  return id === undefined ? undefined : String(id);
}
