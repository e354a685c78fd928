import type { Context, MiddlewareFn } from "grammy";

export interface RateLimitOptions {
  /** Updates a user may send in a burst. */
  burst: number;
  /** Updates per second refilled after the burst. */
  perSecond: number;
  /** Called once when a user starts being limited (to send one "slow down" note). */
  onLimited?: (ctx: Context) => Promise<unknown> | unknown;
}

/**
 * Per-user token bucket kept in memory. In memory rather than in Redis because it runs before
 * the session (a flood must not cost a Redis round trip per update) and one bot process polls
 * Telegram; with several webhook replicas each would allow its own share, which is acceptable
 * for flood protection. Idle buckets are swept so memory stays bounded.
 */
export function rateLimit(options: RateLimitOptions): MiddlewareFn<Context> {
  const buckets = new Map<number, { tokens: number; at: number; noted: boolean }>();
  let lastSweep = Date.now();
  const limited = async (ctx: Context, bucket: { noted: boolean }) => {
    if (!bucket.noted) {
      bucket.noted = true;
      await options.onLimited?.(ctx);
    }
    if (ctx.callbackQuery) await ctx.answerCallbackQuery().catch(() => undefined);
  };
  // Not async: an update within its limit goes on without a frame of this middleware.
  return (ctx, next) => {
    const userId = ctx.from?.id;
    if (userId === undefined) return next();
    const now = Date.now();
    if (now - lastSweep > 60_000) {
      const idleMs = (options.burst / options.perSecond) * 1000;
      for (const [id, bucket] of buckets) if (now - bucket.at > idleMs) buckets.delete(id);
      lastSweep = now;
    }
    const bucket = buckets.get(userId) ?? { tokens: options.burst, at: now, noted: false };
    bucket.tokens = Math.min(
      options.burst,
      bucket.tokens + ((now - bucket.at) / 1000) * options.perSecond,
    );
    bucket.at = now;
    buckets.set(userId, bucket);
    if (bucket.tokens < 1) return limited(ctx, bucket);
    bucket.tokens -= 1;
    bucket.noted = false;
    return next();
  };
}
