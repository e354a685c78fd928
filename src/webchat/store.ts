import { duplicateConnection, type Redis } from "../infra/redis.ts";
import type { Logger } from "../logger.ts";
import type { WebButton } from "./telegram-html.ts";

/** One bubble of a web chat, as the page shows it and as Redis keeps it. */
export interface WebMessage {
  id: number;
  from: "bot" | "user";
  /** Safe HTML (see `renderTelegramText`); a parent's own text is escaped and scrubbed. */
  html: string;
  /** The text as Telegram would return it, to rebuild the message for a button press. */
  plain: string;
  buttons?: WebButton[][];
  document?: { fileId: string; name: string; caption?: string };
  /** Epoch milliseconds of sending (or of the last edit). */
  at: number;
  edited?: boolean;
}

/** What the page receives live, and what a reload rebuilds from a snapshot. */
export type WebChatEvent =
  | { type: "message"; message: WebMessage }
  | { type: "delete"; id: number }
  | { type: "keyboard"; keyboard: string[][] | null }
  | { type: "notice"; text: string; alert: boolean }
  | { type: "typing" };

export interface WebChatHistory {
  messages: WebMessage[];
  keyboard: string[][] | null;
}

export interface WebChatStoreOptions {
  /** Key prefix, e.g. `qoldau:` (tests pass their own). */
  prefix: string;
  /** Same life as a bot session: the conversation and its session expire together. */
  ttlSeconds: number;
  /** Bubbles kept per chat for a reload; older ones are dropped. */
  historyLimit?: number;
  /** How long a document the bot sent can be downloaded. */
  fileTtlSeconds?: number;
}

type Listener = (event: WebChatEvent) => void;

/**
 * Web conversations in Redis: one hash per chat (message counter, reply keyboard, the last
 * bubbles) living as long as the bot's session, documents under their own short-lived keys,
 * and one pub/sub channel that carries every chat's events to whichever instance holds the
 * page's live connection.
 */
export function createWebChatStore(redis: Redis, logger: Logger, options: WebChatStoreOptions) {
  const historyLimit = options.historyLimit ?? 200;
  const fileTtl = options.fileTtlSeconds ?? 3600;
  const channel = `${options.prefix}webchat:events`;
  const chatKey = (chat: number) => `${options.prefix}webchat:${chat}`;
  const fileKey = (chat: number, fileId: string) =>
    `${options.prefix}webchat:${chat}:file:${fileId}`;
  const listeners = new Map<number, Set<Listener>>();
  let subscriber: Redis | undefined;
  let subscribing: Promise<void> | undefined;

  const publish = (chat: number, event: WebChatEvent) =>
    redis.publish(channel, JSON.stringify({ chat, event }));

  const ensureSubscribed = () => {
    if (subscribing) return subscribing;
    const connection = duplicateConnection(redis);
    subscriber = connection;
    connection.on("error", (error: Error) =>
      logger.warn({ err: error.message }, "web chat subscriber error"),
    );
    connection.on("message", (_channel: string, raw: string) => {
      try {
        const { chat, event } = JSON.parse(raw) as { chat: number; event: WebChatEvent };
        for (const listener of listeners.get(chat) ?? []) listener(event);
      } catch {
        // Only this module publishes here; a malformed payload is ignored.
      }
    });
    subscribing = connection.subscribe(channel).then(() => undefined);
    return subscribing;
  };

  return {
    /** The next message id of a chat (shared by the parent's and the bot's, as in Telegram). */
    async nextId(chat: number): Promise<number> {
      return redis.hincrby(chatKey(chat), "seq", 1);
    },
    async get(chat: number, id: number): Promise<WebMessage | undefined> {
      const raw = await redis.hget(chatKey(chat), `m:${id}`);
      return raw ? (JSON.parse(raw) as WebMessage) : undefined;
    },
    /** Saves a bubble (new or edited) and tells the open pages. */
    async put(chat: number, message: WebMessage): Promise<void> {
      const key = chatKey(chat);
      await redis
        .multi()
        .hset(key, `m:${message.id}`, JSON.stringify(message))
        .hdel(key, `m:${message.id - historyLimit}`)
        .expire(key, options.ttlSeconds)
        .publish(channel, JSON.stringify({ chat, event: { type: "message", message } }))
        .exec();
    },
    async remove(chat: number, id: number): Promise<boolean> {
      const removed = await redis.hdel(chatKey(chat), `m:${id}`);
      if (removed > 0) await publish(chat, { type: "delete", id });
      return removed > 0;
    },
    async setKeyboard(chat: number, keyboard: string[][] | null): Promise<void> {
      const key = chatKey(chat);
      await redis
        .multi()
        .hset(key, "kb", JSON.stringify(keyboard))
        .expire(key, options.ttlSeconds)
        .publish(channel, JSON.stringify({ chat, event: { type: "keyboard", keyboard } }))
        .exec();
    },
    /** Live only (a notice or "typing"): nothing is kept. */
    async notify(chat: number, event: WebChatEvent): Promise<void> {
      await publish(chat, event);
    },
    /** The conversation within its life, oldest first, edits applied, deleted ones gone. */
    async history(chat: number): Promise<WebChatHistory> {
      const all = await redis.hgetall(chatKey(chat));
      const messages: WebMessage[] = [];
      for (const [field, value] of Object.entries(all))
        if (field.startsWith("m:")) messages.push(JSON.parse(value) as WebMessage);
      messages.sort((a, b) => a.id - b.id);
      return { messages, keyboard: all.kb ? (JSON.parse(all.kb) as string[][] | null) : null };
    },
    async putFile(chat: number, fileId: string, bytes: Buffer): Promise<void> {
      await redis.set(fileKey(chat, fileId), bytes, "EX", fileTtl);
    },
    async getFile(chat: number, fileId: string): Promise<Buffer | null> {
      return redis.getBuffer(fileKey(chat, fileId));
    },
    /** Events of one chat, from any instance, until the returned function is called. */
    async subscribe(chat: number, listener: Listener): Promise<() => void> {
      let set = listeners.get(chat);
      if (!set) {
        set = new Set();
        listeners.set(chat, set);
      }
      set.add(listener);
      await ensureSubscribed();
      return () => {
        set.delete(listener);
        if (set.size === 0) listeners.delete(chat);
      };
    },
    async close(): Promise<void> {
      listeners.clear();
      if (subscriber) await subscriber.quit().catch(() => subscriber?.disconnect());
    },
  };
}

export type WebChatStore = ReturnType<typeof createWebChatStore>;
