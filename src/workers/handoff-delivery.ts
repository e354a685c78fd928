import { randomUUID } from "node:crypto";
import type { I18n } from "@grammyjs/i18n";
import { type Job, Queue, Worker } from "bullmq";
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

/**
 * Puts one piece of text (at most 4096 characters, already split) into a parent's chat on one
 * channel: Telegram, or the web chat through the same Api's web-chat transformer.
 */
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
      await api.sendMessage(telegramChat(chatId), html, {
        parse_mode: "HTML",
        link_preview_options: { is_disabled: true },
        ...(keyboard ? { reply_markup: keyboard } : {}),
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

/** How long a chat's slot is held while a send is on its way (longer than a send's timeout). */
const SENDING_HOLD_MS = 20_000;
/** A conversation's delivery lock; renewed after every send, so only a dead holder lets it lapse. */
const LOCK_MS = 30_000;

interface Chat {
  channel: HandoffChannel;
  chatId: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Delivers operators' messages and the bot's notices to parents, in order per chat and at most
 * one message per `perChatIntervalMs` to a chat, counted from the end of the previous send (so
 * Telegram never sees two closer than that, however long a send took). SQLite is the record: a
 * job delivers every undelivered message of its chat (all its conversations), oldest first,
 * under a per-chat lock in Redis, and marks each delivered once sent; a job that finds the lock
 * held leaves its message to the holder, which looks again after letting go. A chat that is not
 * due yet is waited for inside the job, to the millisecond (a delayed BullMQ job would come back
 * only when the worker next polls for it). The sweep re-queues rows a lost job left behind; the
 * positions job edits "you are in the queue: N".
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
  // Per chat, not per conversation: a parent's next conversation keeps the chat's order and limit.
  const lockKey = (chat: Chat) => `${prefix}:handoff:lock:${chat.channel}:${chat.chatId}`;
  const paceKey = (chat: Chat) => `${prefix}:handoff:pace:${chat.channel}:${chat.chatId}`;
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
   * Waits until the chat's previous send ended at least `perChatMs` ago and takes the slot: the
   * key says "sending" while a send is on its way and lives `perChatMs` after it ends.
   */
  const takeSlot = async (key: string) => {
    for (;;) {
      if ((await connection.set(key, "sending", "PX", SENDING_HOLD_MS, "NX")) === "OK") return;
      const left = await connection.pttl(key);
      if (left === -1) await connection.pexpire(key, perChatMs);
      await sleep(left > 0 ? Math.min(left, perChatMs) : 1);
    }
  };
  const endSlot = (key: string) =>
    connection.set(key, "sent", "PX", perChatMs).catch((error: Error) => {
      logger.warn({ err: error.message }, "chat pacing not recorded");
    });

  /**
   * Sends what the chat has undelivered, over all its conversations, oldest first, each piece in
   * the chat's next slot.
   */
  const deliverAll = async (chat: Chat, renew: () => Promise<void>) => {
    const sender = options.senders[chat.channel];
    if (!sender) throw new Error(`no sender for the ${chat.channel} channel`);
    const pace = paceKey(chat);
    const conversations = new Map<number, Language>();
    const languageOf = async (conversationId: number): Promise<Language> => {
      const known = conversations.get(conversationId);
      if (known) return known;
      const conversation = await queue.byId(conversationId);
      const lang: Language = conversation?.language === "ru" ? "ru" : "kk";
      conversations.set(conversationId, lang);
      return lang;
    };
    let sent = 0;
    for (;;) {
      const pending = await messages.undelivered({ chat, limit: 20 });
      if (pending.length === 0) return sent;
      for (const message of pending) {
        const rendered = renderHandoffMessage(
          i18n,
          knowledge.current(),
          await languageOf(message.conversationId),
          message,
          message.operatorId !== null ? await operatorName(message.operatorId) : undefined,
          message.conversationId,
          now(),
        );
        // A long message goes as several, each in a slot of its own; the buttons go on the last.
        const parts = splitHtml(rendered.html);
        for (const [i, part] of parts.entries()) {
          await takeSlot(pace);
          try {
            await sender.send(
              chat.chatId,
              part,
              i === parts.length - 1 ? rendered.keyboard : undefined,
            );
          } catch (error) {
            await endSlot(pace);
            if (!permanent(error)) throw error;
            logger.warn(
              { message: message.id, code: (error as GrammyError).error_code },
              "chat unreachable; message dropped",
            );
            break;
          }
          // Neither step can throw once the text is out: a failure here must not send it twice.
          await endSlot(pace);
          await renew().catch(() => undefined);
        }
        await messages.markDelivered(message.id, now());
        sent++;
      }
    }
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
    async (job: Job<DeliveryJobData>) => {
      if (job.name === "sweep") return sweep();
      if (job.name === "positions") return positions();
      const data = deliveryJobSchema.parse(job.data);
      const conversation = await queue.byId(data.conversationId);
      if (!conversation) return "gone";
      const chat: Chat = { channel: conversation.channel, chatId: conversation.chatId };
      const key = lockKey(chat);
      let sent = 0;
      for (;;) {
        const lock = randomUUID();
        // Held: the holder sends this message too (it re-checks after letting go, below).
        if ((await connection.set(key, lock, "PX", LOCK_MS, "NX")) !== "OK") return `held, ${sent}`;
        const renew = async () => {
          if ((await connection.get(key)) === lock) await connection.pexpire(key, LOCK_MS);
        };
        try {
          sent += await deliverAll(chat, renew);
        } finally {
          if ((await connection.get(key)) === lock) await connection.del(key);
        }
        // A message stored while the lock was held, by a job that then gave way, is sent now.
        const left = await messages.undelivered({ chat, limit: 1 });
        if (left.length === 0) return `delivered ${sent}`;
      }
    },
    // Jobs mostly wait (for a chat's slot, for the Bot API): many at once cost little.
    { connection, prefix, concurrency: options.concurrency ?? 500 },
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
