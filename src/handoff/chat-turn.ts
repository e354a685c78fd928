import type { Redis } from "../infra/redis.ts";
import type { HandoffChat } from "./messages.ts";

/** {@link ChatTurns.begin}'s answer when another run has the chat. */
export const HELD = -2;

/**
 * Takes the chat's lock, unless another run has it (then notes that a run gave way and answers
 * -2), and with it the chat's send slot when that is free (0); otherwise the ms the slot is
 * still held. Idempotent, like the lease (`src/infra/lease.ts`): a script ioredis sends again
 * after a reconnect finds its own token and answers as the first time did.
 * KEYS: lock, slot, gave-way flag. ARGV: token, lock ms, slot hold ms, per-chat ms.
 */
const beginScript = `if not redis.call("set", KEYS[1], ARGV[1], "PX", ARGV[2], "NX") and redis.call("get", KEYS[1]) ~= ARGV[1] then
  redis.call("set", KEYS[3], "1", "PX", ARGV[2])
  return -2
end
if redis.call("set", KEYS[2], ARGV[1], "PX", ARGV[3], "NX") or redis.call("get", KEYS[2]) == ARGV[1] then return 0 end
local left = redis.call("pttl", KEYS[2])
if left == -1 then redis.call("pexpire", KEYS[2], ARGV[4]) return tonumber(ARGV[4]) end
if left < 1 then return 1 end
return left`;

/**
 * Takes the slot alone for a further send of the same run (the lock is held): 0, or the ms left.
 * KEYS: slot. ARGV: token, slot hold ms, per-chat ms.
 */
const slotScript = `if redis.call("set", KEYS[1], ARGV[1], "PX", ARGV[2], "NX") or redis.call("get", KEYS[1]) == ARGV[1] then return 0 end
local left = redis.call("pttl", KEYS[1])
if left == -1 then redis.call("pexpire", KEYS[1], ARGV[3]) return tonumber(ARGV[3]) end
if left < 1 then return 1 end
return left`;

/**
 * Ends a send: the slot the token holds lives on for the per-chat interval after it ("used"), or
 * is let go at once (nothing was sent). With `release`, also lets go of the lock and answers
 * whether a run gave way meanwhile (its message may be waiting), clearing that note.
 * KEYS: lock, slot, gave-way flag. ARGV: token, per-chat ms, used (1/0), release (1/0).
 */
const endScript = `if redis.call("get", KEYS[2]) == ARGV[1] then
  if ARGV[3] == "1" then redis.call("set", KEYS[2], "sent", "PX", ARGV[2]) else redis.call("del", KEYS[2]) end
end
if ARGV[4] ~= "1" then return 0 end
if redis.call("get", KEYS[1]) == ARGV[1] then redis.call("del", KEYS[1]) end
if redis.call("del", KEYS[3]) == 1 then return 1 end
return 0`;

const renewScript = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("pexpire", KEYS[1], ARGV[2]) end
return 0`;

type TurnCommands = {
  handoffTurnBegin(...args: (string | number)[]): Promise<number>;
  handoffTurnSlot(...args: (string | number)[]): Promise<number>;
  handoffTurnEnd(...args: (string | number)[]): Promise<number>;
  handoffTurnRenew(...args: (string | number)[]): Promise<number>;
};

export interface ChatTurnOptions {
  /** Keys' prefix (a cluster's braced BullMQ prefix keeps a chat's three keys in one slot). */
  prefix: string;
  /** How long a run holds the chat's lock without renewing it. */
  lockMs: number;
  /** How long the slot is held while a send is on its way (longer than a send's timeout). */
  slotHoldMs: number;
  /** Shortest gap between the end of one send to a chat and the start of the next. */
  perChatMs: number;
}

/**
 * A chat's turn in Redis: one delivery run at a time per chat (the lock) and one send per
 * `perChatMs` (the slot, counted from the end of the previous send), whichever process runs it.
 * A run that finds the lock held leaves a note, and the holder looks for new messages after
 * letting go only when it finds one. A message alone costs two scripts (begin, end) on a
 * connection that pipelines the commands of one tick together: a burst of 200 chats is a
 * few writes to Redis, not 800.
 */
export function createChatTurns(redis: Redis, options: ChatTurnOptions) {
  const commands = redis as unknown as TurnCommands;
  redis.defineCommand("handoffTurnBegin", { numberOfKeys: 3, lua: beginScript });
  redis.defineCommand("handoffTurnSlot", { numberOfKeys: 1, lua: slotScript });
  redis.defineCommand("handoffTurnEnd", { numberOfKeys: 3, lua: endScript });
  redis.defineCommand("handoffTurnRenew", { numberOfKeys: 1, lua: renewScript });
  const keys = (chat: HandoffChat) => {
    const base = `${options.prefix}:handoff:${chat.channel}:${chat.chatId}`;
    // The lock and slot keep the names they had, so runs of an older version still meet them.
    return [
      `${options.prefix}:handoff:lock:${chat.channel}:${chat.chatId}`,
      `${options.prefix}:handoff:pace:${chat.channel}:${chat.chatId}`,
      `${base}:gave-way`,
    ] as const;
  };
  return {
    /** The lock's key (the sweep skips chats whose lock is held). */
    lockKey: (chat: HandoffChat) => keys(chat)[0],
    /** {@link HELD}; else the lock is this token's and the answer is the ms until the slot is. */
    async begin(chat: HandoffChat, token: string): Promise<number> {
      const [lock, slot, flag] = keys(chat);
      return Number(
        await commands.handoffTurnBegin(
          lock,
          slot,
          flag,
          token,
          options.lockMs,
          options.slotHoldMs,
          options.perChatMs,
        ),
      );
    },
    /** Takes the slot for a further send, waiting as long as it is held. */
    async slot(chat: HandoffChat, token: string, sleep: (ms: number) => Promise<unknown>) {
      const [, slot] = keys(chat);
      for (;;) {
        const left = Number(
          await commands.handoffTurnSlot(slot, token, options.slotHoldMs, options.perChatMs),
        );
        if (left === 0) return;
        await sleep(Math.min(left, options.perChatMs));
      }
    },
    /** Ends the send under way; `release` also lets go of the lock: true when a run gave way. */
    async end(chat: HandoffChat, token: string, used: boolean, release: boolean): Promise<boolean> {
      const [lock, slot, flag] = keys(chat);
      const answer = await commands.handoffTurnEnd(
        lock,
        slot,
        flag,
        token,
        options.perChatMs,
        used ? 1 : 0,
        release ? 1 : 0,
      );
      return Number(answer) === 1;
    },
    /** Extends the lock while this token holds it; false when it was lost. */
    async renew(chat: HandoffChat, token: string): Promise<boolean> {
      const [lock] = keys(chat);
      return Number(await commands.handoffTurnRenew(lock, token, options.lockMs)) === 1;
    },
  };
}
export type ChatTurns = ReturnType<typeof createChatTurns>;
