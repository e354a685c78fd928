import { createHash } from "node:crypto";
import type { Db } from "../db/database.ts";
import type { Redis } from "../infra/redis.ts";

/**
 * Counts a sign-in attempt against its account and its address in one step, before the
 * password is checked, so that parallel guesses cannot all slip in ahead of the count.
 * Returns the two counts and the milliseconds left in each window.
 */
const ATTEMPT = `local out = {}
for i = 1, 2 do
  local c = redis.call('INCR', KEYS[i])
  if c == 1 then redis.call('PEXPIRE', KEYS[i], ARGV[1]) end
  out[#out + 1] = c
  out[#out + 1] = redis.call('PTTL', KEYS[i])
end
return out`;

// A successful sign-in from an address gives its attempt back, so that a contact centre behind
// one NAT address is not locked out by its own operators signing in.
const RELEASE = `local c = tonumber(redis.call('GET', KEYS[1]) or '0')
if c > 0 then redis.call('DECR', KEYS[1]) end
redis.call('DEL', KEYS[2])
return 1`;

export type LoginRefusal = "account_locked" | "address_limited";

export interface LoginThrottleLimits {
  perAccount: number;
  perAddress: number;
  lockMinutes: number;
}

export interface LoginThrottle {
  /** Counts the attempt; a refusal means the password must not even be checked. */
  attempt(
    email: string,
    address: string,
  ): Promise<{ ok: true } | { ok: false; reason: LoginRefusal; retryAfterSeconds: number }>;
  /** The right password: the account's count is cleared and the address gets its attempt back. */
  succeeded(email: string, address: string): Promise<void>;
  /** Locked accounts among `emails` (for the admins' user list). */
  lockedAmong(emails: readonly string[]): Promise<Set<string>>;
  /** An administrator lets the owner of a locked account try again at once. */
  unlock(email: string): Promise<void>;
}

/** The account key holds a digest, not the address typed, so Redis keeps no e-mail addresses. */
const accountDigest = (email: string) =>
  createHash("sha256").update(email.trim().toLowerCase()).digest("hex").slice(0, 32);

/**
 * Per-account and per-address limits on wrong passwords, in Redis so that every instance
 * shares them. An account past its limit is locked for `lockMinutes` whatever address the
 * guesses come from; an administrator can unlock it sooner.
 */
export function createLoginThrottle(
  redis: Redis,
  limits: LoginThrottleLimits,
  // One hash tag for every throttle key: a script counts an account and an address together,
  // and the admins' list reads many accounts at once, which Redis Cluster allows within a slot.
  prefix = "qoldau:{console-login}",
): LoginThrottle {
  const accountKey = (email: string) => `${prefix}:account:${accountDigest(email)}`;
  const addressKey = (address: string) => `${prefix}:address:${address}`;
  const windowMs = limits.lockMinutes * 60_000;
  return {
    async attempt(email, address) {
      const [account, accountTtl, fromAddress, addressTtl] = (await redis.eval(
        ATTEMPT,
        2,
        accountKey(email),
        addressKey(address),
        windowMs,
      )) as [number, number, number, number];
      const seconds = (ttl: number) => Math.max(1, Math.ceil(ttl / 1000));
      if (account > limits.perAccount)
        return { ok: false, reason: "account_locked", retryAfterSeconds: seconds(accountTtl) };
      if (fromAddress > limits.perAddress)
        return { ok: false, reason: "address_limited", retryAfterSeconds: seconds(addressTtl) };
      return { ok: true };
    },
    async succeeded(email, address) {
      await redis.eval(RELEASE, 2, addressKey(address), accountKey(email));
    },
    async lockedAmong(emails) {
      if (emails.length === 0) return new Set();
      const counts = await redis.mget(...emails.map(accountKey));
      return new Set(emails.filter((_, index) => Number(counts[index] ?? 0) >= limits.perAccount));
    },
    async unlock(email) {
      await redis.del(accountKey(email));
    },
  };
}

/** Why a sign-in failed, as kept in `login_failure` (no password, no typed e-mail address). */
export type LoginFailureReason = "wrong_password" | "unknown_account" | LoginRefusal;

/** One row per failed sign-in: the account when it exists, the address, why, and when. */
export async function recordLoginFailure(
  db: Db,
  failure: { userId: number | null; address: string; reason: LoginFailureReason },
): Promise<void> {
  await db
    .insertInto("login_failure")
    .values({
      user_id: failure.userId,
      address: failure.address,
      reason: failure.reason,
      at: new Date().toISOString(),
    })
    .execute();
}
