import { duplicateConnection, type Redis } from "../infra/redis.ts";
import type { Logger } from "../logger.ts";

/**
 * What changed, by id only (no text travels through Redis): a conversation joined, left or
 * changed hands (`queue`), or a message was added to one (`message`). Console screens of every
 * instance hear it through Redis pub/sub and re-read what they show from the database.
 */
export type HandoffEvent =
  | { type: "queue"; conversationId: number }
  | { type: "message"; conversationId: number; messageId: number }
  | { type: "presence"; userId: number };

export type HandoffListener = (event: HandoffEvent) => void;

export interface HandoffEvents {
  publish(event: HandoffEvent): Promise<void>;
  /** Listens on this instance; the Redis subscription opens with the first listener. */
  subscribe(listener: HandoffListener): () => void;
  close(): Promise<void>;
}

export function createHandoffEvents(redis: Redis, channel: string, logger: Logger): HandoffEvents {
  const listeners = new Set<HandoffListener>();
  let subscriber: Redis | undefined;
  // A burst (200 parents writing at once) is a few writes to Redis, not one per event: the
  // publishes of one tick go out together on a connection of their own, opened on first use.
  let publisher: Redis | undefined;
  const publisherOf = () => {
    if (publisher) return publisher;
    publisher = duplicateConnection(redis, { enableAutoPipelining: true });
    publisher.on("error", (error: Error) =>
      logger.warn({ err: error.message }, "handoff events connection error"),
    );
    return publisher;
  };
  const deliver = (event: HandoffEvent) => {
    for (const listener of listeners) {
      try {
        listener(event);
      } catch (error) {
        logger.warn({ err: (error as Error).name }, "handoff listener failed");
      }
    }
  };
  const open = () => {
    if (subscriber) return;
    subscriber = duplicateConnection(redis, { maxRetriesPerRequest: null });
    subscriber.on("error", (error: Error) =>
      logger.warn({ err: error.message }, "handoff events connection error"),
    );
    subscriber.on("message", (_channel: string, payload: string) => {
      try {
        deliver(JSON.parse(payload) as HandoffEvent);
      } catch {
        logger.warn("unreadable handoff event");
      }
    });
    void subscriber
      .subscribe(channel)
      .catch((error: Error) =>
        logger.warn({ err: error.message }, "handoff events not subscribed"),
      );
  };
  return {
    async publish(event) {
      try {
        await publisherOf().publish(channel, JSON.stringify(event));
      } catch (error) {
        // Screens catch up from the database on their next event or reload; nothing is lost.
        logger.warn({ err: (error as Error).message }, "handoff event not published");
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      open();
      return () => listeners.delete(listener);
    },
    async close() {
      listeners.clear();
      const s = subscriber;
      const p = publisher;
      subscriber = undefined;
      publisher = undefined;
      await s?.quit().catch(() => s.disconnect());
      await p?.quit().catch(() => p.disconnect());
    },
  };
}
