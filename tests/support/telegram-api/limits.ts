/** Telegram's flood limits; `false` switches them off (bot conversation tests). */
export interface LimitOptions {
  /** Messages per second over all chats (Telegram: about 30). */
  globalPerSecond?: number;
  /** Messages per second to one chat (Telegram: about 1). */
  perChatPerSecond?: number;
  /** Messages one chat may receive back to back before the per-chat rate applies. Default 1. */
  burst?: number;
}

interface Bucket {
  tokens: number;
  last: number;
}

/**
 * The global limit is a sliding window (never more than `globalPerSecond` sends in any second,
 * so a benchmark cannot beat the ceiling by bursting); the per-chat limit is a token bucket.
 * Both are O(1) per send.
 */
export class FloodLimiter {
  readonly globalPerSecond: number;
  readonly perChatPerSecond: number;
  readonly burst: number;
  // Ring of the last `globalPerSecond` admitted send times.
  private readonly window: Float64Array;
  private next = 0;
  private readonly chats = new Map<number, Bucket>();

  constructor(options: LimitOptions) {
    this.globalPerSecond = options.globalPerSecond ?? 30;
    this.perChatPerSecond = options.perChatPerSecond ?? 1;
    this.burst = options.burst ?? 1;
    this.window = new Float64Array(this.globalPerSecond).fill(Number.NEGATIVE_INFINITY);
  }

  /** Admits one send, or returns the wait in ms without admitting it. */
  take(chatId: number, now: number): number {
    let chat = this.chats.get(chatId);
    if (!chat) {
      chat = { tokens: this.burst, last: now };
      this.chats.set(chatId, chat);
    }
    refill(chat, now, this.perChatPerSecond, this.burst);
    // A small epsilon keeps floating-point refill from refusing a send that is exactly on time.
    const chatWait =
      chat.tokens >= 1 - 1e-9 ? 0 : ((1 - chat.tokens) / this.perChatPerSecond) * 1000;
    const oldest = this.window[this.next] as number;
    const globalWait = Math.max(0, oldest + 1000 - now);
    const wait = Math.max(globalWait, chatWait);
    if (wait > 0) return wait;
    this.window[this.next] = now;
    this.next = (this.next + 1) % this.window.length;
    chat.tokens -= 1;
    return 0;
  }
}

function refill(bucket: Bucket, now: number, rate: number, capacity: number): void {
  bucket.tokens = Math.min(capacity, bucket.tokens + ((now - bucket.last) / 1000) * rate);
  bucket.last = now;
}

/** Counts events in the last second; the deque holds at most one second of events. */
export class RateMeter {
  private times: number[] = [];
  private head = 0;
  max = 0;

  record(now: number): number {
    this.times.push(now);
    while ((this.times[this.head] as number) <= now - 1000) this.head++;
    if (this.head > 1024 && this.head * 2 > this.times.length) {
      this.times = this.times.slice(this.head);
      this.head = 0;
    }
    const count = this.times.length - this.head;
    if (count > this.max) this.max = count;
    return count;
  }
}
