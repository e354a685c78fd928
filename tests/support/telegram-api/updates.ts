import type { Update } from "grammy/types";

// Telegram's default when allowed_updates is empty: everything except these.
const notByDefault = new Set(["chat_member", "message_reaction", "message_reaction_count"]);

/** Pending updates in id order; an update leaves only when a later offset confirms it. */
export class UpdateQueue {
  private items: Update[] = [];
  private head = 0;
  private nextId = 1;
  private allowed: Set<string> | null = null;
  created = 0;
  confirmed = 0;
  dropped = 0;

  setAllowed(types: unknown): void {
    if (!Array.isArray(types)) return;
    this.allowed = types.length === 0 ? null : new Set(types.map(String));
  }

  /** Returns the update with its id, or undefined when allowed_updates filters it out. */
  push(body: Omit<Update, "update_id">): Update | undefined {
    const type = Object.keys(body)[0] ?? "";
    if (this.allowed ? !this.allowed.has(type) : notByDefault.has(type)) {
      this.dropped++;
      return undefined;
    }
    const update = { update_id: this.nextId++, ...body } as Update;
    this.items.push(update);
    this.created++;
    return update;
  }

  confirm(offset: unknown): void {
    if (typeof offset !== "number" || !Number.isFinite(offset)) return;
    if (offset < 0) {
      const keep = Math.max(0, this.items.length - this.head + offset);
      this.advance(this.items.length - this.head - keep);
      return;
    }
    let n = 0;
    while (
      this.head + n < this.items.length &&
      (this.items[this.head + n] as Update).update_id < offset
    )
      n++;
    this.advance(n);
  }

  /** Confirms the first n pending updates (webhook delivery, drop_pending_updates). */
  advance(n: number): void {
    this.head += n;
    this.confirmed += n;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }

  peek(limit: number, skip = 0): Update[] {
    return this.items.slice(this.head + skip, this.head + skip + limit);
  }

  get pending(): number {
    return this.items.length - this.head;
  }

  dropAll(): void {
    this.advance(this.pending);
  }
}
