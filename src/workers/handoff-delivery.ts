import { randomUUID } from "node:crypto";
import type { I18n } from "@grammyjs/i18n";
import { type Job, Queue, Worker } from "bullmq";
import { type Api, GrammyError, type InlineKeyboard } from "grammy";
import { z } from "zod";
import { endKeyboard, queueText, renderHandoffMessage } from "../bot/render/handoff.ts";
import type { CatalogueHolder } from "../catalogue-holder.ts";
import type { Db } from "../db/database.ts";
import type { HandoffChannel } from "../db/tables/handoff.ts";
import { createChatTurns, HELD } from "../handoff/chat-turn.ts";
import {
  createHandoffMessages,
  type HandoffChat,
  PENDING_BATCH,
  type StoredOutgoing,
} from "../handoff/messages.ts";
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
/** A conversation's delivery lock; renewed while sending, so only a dead holder lets it lapse. */
const LOCK_MS = 30_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Delivers operators' messages and the bot's notices to parents, in order per chat and at most
 * one message per `perChatIntervalMs` to a chat, counted from the end of the previous send (so
 * Telegram never sees two closer than that, however long a send took). SQLite is the record: a
 * run delivers every undelivered message of its chat (all its conversations), oldest first,
 * under a per-chat lock in Redis, and marks each delivered once sent; a run that finds the lock
 * held leaves its message to the holder, which looks again after letting go. A chat that is not
 * due yet is waited for inside the run, to the millisecond (a delayed BullMQ job would come back
 * only when the worker next polls for it).
 *
 * A run starts in this process right after the message is stored (`deliverNow`): no job is
 * written or fetched, which was most of a message's cost. The queued job is the fallback: a run
 * that fails queues its message (with retries and back-off), and the sweep re-queues rows that a
 * crash or a Redis loss left behind. The positions job edits "you are in the queue: N".
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
  // The turns have a connection of their own that pipelines one tick's commands together.
  const turnConnection = createWorkerConnection(options.redisUrl, logger, {
    enableAutoPipelining: true,
  });
  const turns = createChatTurns(turnConnection, {
    prefix,
    lockMs: LOCK_MS,
    slotHoldMs: SENDING_HOLD_MS,
    perChatMs,
  });
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
   * Sends what the chat has undelivered (up to a batch), over all its conversations, oldest
   * first, each piece in the chat's next slot; `turn.slotLeft` says how long the slot the run
   * began with is still held (0: it is this run's). Whatever arrives meanwhile is found by the
   * look after the lock is let go. Answers how many were sent and whether the batch was full.
   */
  const deliverPending = async (
    chat: HandoffChat,
    turn: { token: string; slotLeft: number; used: boolean },
    renew: () => Promise<void>,
  ) => {
    const sender = options.senders[chat.channel];
    if (!sender) throw new Error(`no sender for the ${chat.channel} channel`);
    let sent = 0;
    const pending = await messages.pendingForChat(chat);
    for (const message of pending) {
      const rendered = renderHandoffMessage(
        i18n,
        knowledge.current(),
        message.language === "ru" ? "ru" : "kk",
        message,
        message.operatorId !== null ? await operatorName(message.operatorId) : undefined,
        message.conversationId,
        now(),
      );
      // A long message goes as several, each in a slot of its own; the buttons go on the last.
      const parts = splitHtml(rendered.html);
      for (const [i, part] of parts.entries()) {
        if (turn.used) {
          // The previous send of this run starts the chat's interval before the next one.
          await turns.end(chat, turn.token, true, false);
          turn.used = false;
          await turns.slot(chat, turn.token, sleep);
        } else if (turn.slotLeft > 0) {
          await sleep(Math.min(turn.slotLeft, perChatMs));
          await turns.slot(chat, turn.token, sleep);
        }
        turn.slotLeft = 0;
        turn.used = true;
        try {
          await sender.send(
            chat.chatId,
            part,
            i === parts.length - 1 ? rendered.keyboard : undefined,
          );
        } catch (error) {
          if (!permanent(error)) throw error;
          logger.warn(
            { message: message.id, code: (error as GrammyError).error_code },
            "chat unreachable; message dropped",
          );
          break;
        }
        // Neither step can throw once the text is out: a failure here must not send it twice.
        await renew().catch(() => undefined);
      }
      await messages.markDelivered(message.id, now());
      sent++;
    }
    return { sent, full: pending.length >= PENDING_BATCH };
  };

  /**
   * Delivers a chat's undelivered messages under its lock, until none is left. "held": another
   * run has the chat and will look again after letting go, so this one's message is in hand.
   */
  const deliverChat = async (chat: HandoffChat): Promise<number | "held"> => {
    let sent = 0;
    for (;;) {
      const token = randomUUID();
      const slotLeft = await turns.begin(chat, token);
      if (slotLeft === HELD) return sent > 0 ? sent : "held";
      // Renewed at most every third of its life: one round trip per message spared.
      let renewedAt = Date.now();
      const renew = async () => {
        if (Date.now() - renewedAt < LOCK_MS / 3) return;
        renewedAt = Date.now();
        await turns.renew(chat, token);
      };
      const turn = { token, slotLeft, used: false };
      let again = false;
      let full = false;
      try {
        const run = await deliverPending(chat, turn, renew);
        sent += run.sent;
        full = run.full;
      } finally {
        // The slot's interval starts at the end of the last send; a run that gave way while
        // this one held the lock may have left its message to it.
        again = await turns.end(chat, token, turn.used, true);
      }
      if (!again && !full) return sent;
    }
  };

  let closing = false;
  const running = new Set<Promise<void>>();
  /**
   * Starts delivering a stored message's chat at once, in this process; the caller does not
   * wait. A run that fails hands the message to the queue, whose job retries with back-off; a
   * message that cannot even be queued (Redis down) is left to the sweep.
   */
  const deliverNow = (message: StoredOutgoing) => {
    const fallback = () =>
      enqueue(message).catch((error: Error) =>
        logger.warn({ err: error.message, message: message.id }, "handoff message queued later"),
      );
    if (closing) {
      void fallback();
      return;
    }
    const run = deliverChat(message.chat)
      .then(() => undefined)
      .catch(async (error: Error) => {
        logger.warn({ err: error.message, message: message.id }, "handoff sent through the queue");
        await fallback();
      })
      .finally(() => running.delete(run));
    running.add(run);
  };

  /**
   * Re-queues what a lost job or run left behind. A chat whose lock is held is skipped: its
   * holder looks again after letting go (a dead holder's lock lapses, and the next sweep has it).
   */
  const sweep = async () => {
    const left = await messages.stale(new Date(now().getTime() - 2000), 500);
    if (left.length === 0) return "requeued 0";
    const chats = [...new Set(left.map((m) => turns.lockKey(m)))];
    const pipeline = connection.pipeline();
    for (const key of chats) pipeline.exists(key);
    const held = (await pipeline.exec()) ?? [];
    const busy = new Set(chats.filter((_, i) => held[i]?.[1] === 1));
    const orphans = left.filter((m) => !busy.has(turns.lockKey(m)));
    for (const message of orphans) await enqueue(message);
    return `requeued ${orphans.length}`;
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
      const result = await deliverChat({
        channel: conversation.channel,
        chatId: conversation.chatId,
      });
      return result === "held" ? "held" : `delivered ${result}`;
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
    deliverNow,
    async close() {
      // Runs under way finish (as the worker's active jobs do); later messages go to the queue.
      closing = true;
      await Promise.all(running);
      await worker.close();
      await producer.close();
      await connection.quit().catch(() => connection.disconnect());
      await turnConnection.quit().catch(() => turnConnection.disconnect());
      await producerConnection.quit().catch(() => producerConnection.disconnect());
    },
  };
}
