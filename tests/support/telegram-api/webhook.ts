import type { Update } from "grammy/types";
import type { UpdateQueue } from "./updates.ts";

export interface WebhookOptions {
  /**
   * Deliveries in flight at once when `setWebhook` names no `max_connections` (Telegram's own
   * default is 40; 1 here unless set, so single-bot tests see one update at a time).
   */
  maxConnections?: number;
  /** A delivery not answered within this long counts as failed and is sent again (default 60 s). */
  timeoutMs?: number;
}

export interface WebhookStats {
  /** POSTs made, first tries and retries. */
  attempts: number;
  /** Updates the hook answered 2xx for. */
  delivered: number;
  /** Attempts answered with a non-2xx status or a broken connection. */
  failed: number;
  /** Attempts not answered within `timeoutMs`. */
  timedOut: number;
  /** Most deliveries in flight at once. */
  maxInFlight: number;
}

/** The chat an update belongs to, as Telegram orders deliveries (the user's for callbacks). */
export function chatOfUpdate(update: Update): number | undefined {
  return (
    update.message?.chat.id ??
    update.callback_query?.message?.chat.id ??
    update.callback_query?.from.id ??
    update.my_chat_member?.chat.id
  );
}

/**
 * Webhook delivery the way Telegram does it: up to `maxConnections` POSTs in flight, the updates
 * of one chat one after another (the next leaves only once the previous one got a 2xx), and an
 * update that got no 2xx in time (an error status, a broken connection, a timeout) is sent again
 * after a backoff, to whichever server the hook's address leads to then.
 */
export class WebhookDelivery {
  private readonly inFlight = new Set<number>();
  private readonly delivered = new Set<number>();
  private readonly failures = new Map<number, number>();
  private active = true;
  readonly stats: WebhookStats = {
    attempts: 0,
    delivered: 0,
    failed: 0,
    timedOut: 0,
    maxInFlight: 0,
  };

  constructor(
    readonly url: string,
    private readonly secret: string | undefined,
    private readonly queue: UpdateQueue,
    private readonly options: {
      maxConnections: number;
      timeoutMs: number;
      sleep: (ms: number) => Promise<void>;
      /** The hook's answer body (grammY's webhookReply may put a method call there). */
      onReply: (text: string) => void;
    },
  ) {}

  stop(): void {
    this.active = false;
  }

  pump(): void {
    if (!this.active) return;
    // Confirmed in order: the queue's head moves past every update delivered so far.
    for (;;) {
      const [head] = this.queue.peek(1);
      if (!head || !this.delivered.delete(head.update_id)) break;
      this.queue.advance(1);
    }
    if (this.inFlight.size >= this.options.maxConnections) return;
    const waitingChats = new Set<number>();
    for (const update of this.queue.peek(this.queue.pending)) {
      if (this.inFlight.size >= this.options.maxConnections) return;
      if (this.delivered.has(update.update_id)) continue;
      const chat = chatOfUpdate(update);
      const busy =
        this.inFlight.has(update.update_id) || (chat !== undefined && waitingChats.has(chat));
      if (chat !== undefined) waitingChats.add(chat);
      if (!busy) this.send(update);
    }
  }

  private send(update: Update): void {
    const id = update.update_id;
    this.inFlight.add(id);
    this.stats.attempts++;
    this.stats.maxInFlight = Math.max(this.stats.maxInFlight, this.inFlight.size);
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (this.secret) headers["x-telegram-bot-api-secret-token"] = this.secret;
    fetch(this.url, {
      method: "POST",
      headers,
      body: JSON.stringify(update),
      signal: AbortSignal.timeout(this.options.timeoutMs),
    })
      .then(async (res) => {
        const text = await res.text();
        if (!res.ok) throw new Error(`webhook answered ${res.status}`);
        if (!this.active) return;
        this.delivered.add(id);
        this.stats.delivered++;
        this.failures.delete(id);
        this.options.onReply(text);
      })
      .catch(async (error: Error) => {
        if (error.name === "TimeoutError") this.stats.timedOut++;
        else this.stats.failed++;
        const failures = (this.failures.get(id) ?? 0) + 1;
        this.failures.set(id, failures);
        // The slot and the chat stay taken during the backoff, as with Telegram.
        await this.options.sleep(Math.min(2000, 50 * 2 ** failures));
      })
      .finally(() => {
        this.inFlight.delete(id);
        this.pump();
      });
  }
}
