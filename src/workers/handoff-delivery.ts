import { randomUUID } from "node:crypto";
import type { I18n } from "@grammyjs/i18n";
import { DelayedError, type Job, Queue, Worker } from "bullmq";
import { type Api, GrammyError, type InlineKeyboard } from "grammy";
import { z } from "zod";
import { endKeyboard, queueText, renderHandoffMessage } from "../bot/render/handoff.ts";
import type { CatalogueHolder } from "../catalogue-holder.ts";
import type { Db } from "../db/database.ts";
import type { HandoffChannel } from "../db/tables/handoff.ts";
import { createHandoffMessages } from "../handoff/messages.ts";
import { operatorFirstName } from "../handoff/operator-name.ts";
import { createHandoffQueue } from "../handoff/queue.ts";
import type { Language } from "../i18n.ts";
import { createWorkerConnection, queuePrefix, type Redis } from "../infra/redis.ts";
import type { Logger } from "../logger.ts";
import { splitHtml } from "../telegram/limits.ts";

export const HANDOFF_DELIVERY_QUEUE = "handoff-delivery";

/** `deliver`: one stored message (ids only); `sweep` and `positions` (job schedulers) carry nothing. */
export const deliveryJobSchema = z.object({
  messageId: z.number().int().positive(),
  conversationId: z.number().int().positive(),
});
export type DeliveryJobData = z.infer<typeof deliveryJobSchema> | Record<string, never>;

/** The queue; producers add on the app's fail-fast client connection. */
export function createHandoffDeliveryQueue(connection: Redis, prefix: string) {
  return new Queue<DeliveryJobData>(HANDOFF_DELIVERY_QUEUE, {
    connection,
    prefix,
    defaultJobOptions: {
      attempts: 10,
      backoff: { type: "exponential", delay: 500 },
      removeOnComplete: true,
      removeOnFail: 1000,
    },
  });
}

/**
 * Hands one stored message to the queue. The job id is the message's, so a message queued twice
 * (the producer and the sweep) is one job while it exists, and the row's `delivered_at` settles
 * the rest.
 */
export function deliveryProducer(queue: Queue<DeliveryJobData>) {
  return async (message: { id: number; conversationId: number }) => {
    await queue.add(
      "deliver",
      { messageId: message.id, conversationId: message.conversationId },
      { jobId: `m-${message.id}` },
    );
  };
}

/** Puts text into a parent's chat on one channel (Telegram; the web chat plugs in its own). */
export interface HandoffSender {
  send(chatId: string, html: string, keyboard?: InlineKeyboard): Promise<void>;
  edit(chatId: string, messageId: number, html: string, keyboard?: InlineKeyboard): Promise<void>;
}

/** Telegram chat ids are numbers; the table keeps them as text (the web chat's are not numeric). */
const telegramChat = (chatId: string): number | string =>
  /^-?\d+$/.test(chatId) ? Number(chatId) : chatId;

export function telegramHandoffSender(api: Api): HandoffSender {
  return {
    async send(chatId, html, keyboard) {
      const parts = splitHtml(html);
      for (const [i, part] of parts.entries())
        await api.sendMessage(telegramChat(chatId), part, {
          parse_mode: "HTML",
          link_preview_options: { is_disabled: true },
          ...(keyboard && i === parts.length - 1 ? { reply_markup: keyboard } : {}),
        });
    },
    async edit(chatId, messageId, html, keyboard) {
      await api.editMessageText(telegramChat(chatId), messageId, html, {
        parse_mode: "HTML",
        ...(keyboard ? { reply_markup: keyboard } : {}),
      });
    },
  };
}

export interface HandoffDeliveryOptions {
  db: Db;
  redisUrl: string;
  prefix: string;
  logger: Logger;
  i18n: I18n;
  knowledge: CatalogueHolder;
  senders: Partial<Record<HandoffChannel, HandoffSender>>;
  /** Shortest gap between two messages to one chat (Telegram: 1 per second). */
  perChatIntervalMs?: number;
  /** How often undelivered rows are handed to the queue again (after a Redis loss, a crash). */
  sweepMs?: number;
  /** How often queue positions are refreshed in the parents' chats (at most every 30 s). */
  positionsMs?: number;
  concurrency?: number;
  now?: () => Date;
}

/** Telegram refuses for good: the chat is gone or blocked; retrying would only repeat it. */
const permanent = (error: unknown) =>
  error instanceof GrammyError && (error.error_code === 403 || error.error_code === 400);

/**
 * Delivers operators' messages and the bot's notices to parents, in order per chat and at most
 * one per `perChatIntervalMs`. SQLite is the record: a job delivers every undelivered message of
 * its conversation, oldest first, under a per-conversation lock in Redis, and marks each
 * delivered once sent; a job that finds the lock held leaves its message to the holder, which
 * looks again after letting go; a chat not due yet delays the job instead of sleeping in it. The sweep
 * re-queues rows a lost job left behind; the positions job edits "you are in the queue: N".
 */
export async function startHandoffDelivery(options: HandoffDeliveryOptions) {
  const { db, logger, i18n, knowledge } = options;
  const prefix = queuePrefix(options.redisUrl, options.prefix);
  const now = options.now ?? (() => new Date());
  const perChatMs = options.perChatIntervalMs ?? 1000;
  const queue = createHandoffQueue(db);
  const messages = createHandoffMessages(db);
  const connection = createWorkerConnection(options.redisUrl, logger);
  const producerConnection = createWorkerConnection(options.redisUrl, logger);
  const producer = createHandoffDeliveryQueue(producerConnection, prefix);
  const enqueue = deliveryProducer(producer);
  const lockKey = (conversationId: number) => `${prefix}:handoff:lock:${conversationId}`;
  const paceKey = (conversationId: number) => `${prefix}:handoff:pace:${conversationId}`;
  const names = new Map<number, string>();
  const operatorName = async (operatorId: number) => {
    const known = names.get(operatorId);
    if (known) return known;
    const user = await db
      .selectFrom("users")
      .select("display_name")
      .where("id", "=", operatorId)
      .executeTakeFirst();
    const name = operatorFirstName(user?.display_name ?? null, operatorId);
    names.set(operatorId, name);
    return name;
  };

  /**
   * Sends what the conversation has undelivered, oldest first, while its chat's next slot has
   * come. Returns the milliseconds to wait when the chat is not due yet (the job is delayed for
   * that long instead of holding a worker slot asleep).
   */
  const deliverDue = async (conversationId: number): Promise<{ sent: number; waitMs: number }> => {
    const conversation = await queue.byId(conversationId);
    if (!conversation) return { sent: 0, waitMs: 0 };
    const sender = options.senders[conversation.channel];
    if (!sender) throw new Error(`no sender for the ${conversation.channel} channel`);
    const lang: Language = conversation.language === "ru" ? "ru" : "kk";
    const pending = await messages.undelivered({ conversationId, limit: 20 });
    let sent = 0;
    for (const message of pending) {
      const last = Number((await connection.get(paceKey(conversationId))) ?? 0);
      const wait = last + perChatMs - Date.now();
      if (wait > 0) return { sent, waitMs: wait };
      const rendered = renderHandoffMessage(
        i18n,
        knowledge.current(),
        lang,
        message,
        message.operatorId !== null ? await operatorName(message.operatorId) : undefined,
        conversationId,
        now(),
      );
      try {
        await sender.send(conversation.chatId, rendered.html, rendered.keyboard);
      } catch (error) {
        if (!permanent(error)) throw error;
        logger.warn(
          { message: message.id, code: (error as GrammyError).error_code },
          "chat unreachable; message dropped",
        );
      }
      await connection.set(paceKey(conversationId), String(Date.now()), "PX", perChatMs * 2);
      await messages.markDelivered(message.id, now());
      sent++;
    }
    return { sent, waitMs: 0 };
  };

  const sweep = async () => {
    const left = await messages.undelivered({
      olderThan: new Date(now().getTime() - 2000),
      limit: 500,
    });
    for (const message of left)
      await enqueue({ id: message.id, conversationId: message.conversationId });
    return `requeued ${left.length}`;
  };

  const positions = async () => {
    const waiting = await queue.waiting();
    let edited = 0;
    for (const [i, conversation] of waiting.entries()) {
      const position = i + 1;
      if (!conversation.queueMessageId || conversation.queuePositionShown === position) continue;
      const sender = options.senders[conversation.channel];
      if (!sender) continue;
      const lang: Language = conversation.language === "ru" ? "ru" : "kk";
      try {
        await sender.edit(
          conversation.chatId,
          conversation.queueMessageId,
          queueText(i18n, lang, position),
          endKeyboard(i18n, lang),
        );
      } catch (error) {
        logger.warn(
          { conversation: conversation.id, err: (error as Error).name },
          "queue position not edited",
        );
      }
      await queue.setQueueMessage(conversation.id, conversation.queueMessageId, position);
      edited++;
    }
    return `edited ${edited}`;
  };

  const worker = new Worker<DeliveryJobData>(
    HANDOFF_DELIVERY_QUEUE,
    async (job: Job<DeliveryJobData>, token?: string) => {
      if (job.name === "sweep") return sweep();
      if (job.name === "positions") return positions();
      const data = deliveryJobSchema.parse(job.data);
      const key = lockKey(data.conversationId);
      let sent = 0;
      for (;;) {
        const lock = randomUUID();
        // Held: the holder sends this message too (it re-checks after letting go, below).
        if ((await connection.set(key, lock, "PX", 30_000, "NX")) !== "OK") return `held, ${sent}`;
        let waitMs = 0;
        try {
          const result = await deliverDue(data.conversationId);
          sent += result.sent;
          waitMs = result.waitMs;
        } finally {
          if ((await connection.get(key)) === lock) await connection.del(key);
        }
        if (waitMs > 0) {
          // The chat had a message less than a second ago: come back when it is due.
          await job.moveToDelayed(Date.now() + waitMs, token);
          throw new DelayedError();
        }
        // A message stored while the lock was held, by a job that then gave way, is sent now.
        const left = await messages.undelivered({ conversationId: data.conversationId, limit: 1 });
        if (left.length === 0) return `delivered ${sent}`;
      }
    },
    { connection, prefix, concurrency: options.concurrency ?? 100 },
  );
  worker.on("error", (error) =>
    logger.warn({ err: error.message }, "handoff delivery worker error"),
  );
  worker.on("failed", (job, error) =>
    logger.warn({ job: job?.id, err: error.name }, "handoff delivery failed; will retry"),
  );
  await producer.upsertJobScheduler(
    "handoff-sweep",
    { every: options.sweepMs ?? 5000 },
    { name: "sweep", data: {}, opts: { attempts: 1 } },
  );
  await producer.upsertJobScheduler(
    "handoff-positions",
    { every: options.positionsMs ?? 30_000 },
    { name: "positions", data: {}, opts: { attempts: 1 } },
  );
  // After a restart: whatever was stored but not delivered goes out now, not at the next sweep.
  await sweep().catch((error: Error) =>
    logger.warn({ err: error.message }, "first handoff sweep failed"),
  );

  return {
    worker,
    async close() {
      await worker.close();
      await producer.close();
      await connection.quit().catch(() => connection.disconnect());
      await producerConnection.quit().catch(() => producerConnection.disconnect());
    },
  };
}
