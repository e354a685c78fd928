import { createAuditLog } from "../audit/audit-log.ts";
import type { CatalogueHolder } from "../catalogue-holder.ts";
import type { Db } from "../db/database.ts";
import type { HandoffChannel } from "../db/tables/handoff.ts";
import type { HandoffMessageKind } from "../db/tables/handoff-operations.ts";
import type { Language } from "../i18n.ts";
import type { Logger } from "../logger.ts";
import { scrubPii } from "../privacy/pii.ts";
import { fromLocal, localDate } from "../time/local-time.ts";
import { type HandoffContext, storableContext } from "./context.ts";
import type { HandoffEvents } from "./events.ts";
import { createHandoffMessages, type MessageRow, type StoredOutgoing } from "./messages.ts";
import { operatorFirstName } from "./operator-name.ts";
import { createPresence, type PresenceStatus } from "./presence.ts";
import { type ConversationRow, createHandoffQueue, type Outcome } from "./queue.ts";

/** A console user acting on the queue; administrators may act on any conversation. */
export interface Actor {
  id: number;
  role: "operator" | "admin" | "school_admin";
}

export type Translate = (
  lang: Language,
  key: string,
  vars?: Record<string, string | number>,
) => string;

export interface HandoffServiceOptions {
  db: Db;
  knowledge: CatalogueHolder;
  events: HandoffEvents;
  /** Hands a stored outgoing message to the delivery queue (ids only). May fail: a sweep retries. */
  deliver(message: { id: number; conversationId: number }): Promise<void>;
  t: Translate;
  logger: Logger;
  /** BullMQ prefix of the delivery queue, for the worker that drains it. */
  deliveryPrefix: string;
  /** How long an operator stays online without being seen live (the console's queue stream). */
  presenceTimeoutMs?: number;
  now?: () => Date;
}

/**
 * Delivers a stored outgoing message from this process right away (the delivery worker's
 * `deliverNow`); it does not wait for the send and falls back to the queue itself.
 */
export type DeliverNow = (message: StoredOutgoing) => void;

/** Whether a parent who asks now gets an operator today, or a promise for later. */
export interface Availability {
  /** Within the centre's hours by the calendar. */
  open: boolean;
  operatorsOnline: number;
  /** When an answer can be expected if nobody can take it now: a real local moment. */
  expectedAt: Date | null;
}

const longest = 4000;

/**
 * Talking to a person, for every transport (the bot, the console, the web chat): a parent's
 * request and messages, the operators' queue, and the messages back, which are stored first
 * and then handed to the delivery queue. Take, transfer and close are audited.
 */
export function createHandoffService(options: HandoffServiceOptions) {
  const { db, events, t, logger } = options;
  const now = options.now ?? (() => new Date());
  const queue = createHandoffQueue(db);
  const messages = createHandoffMessages(db);
  const presenceTimeoutMs = options.presenceTimeoutMs ?? 90_000;
  const presence = createPresence(db, { timeoutMs: presenceTimeoutMs, now });
  const audit = createAuditLog(db);

  const lang = (conversation: ConversationRow): Language =>
    conversation.language === "ru" ? "ru" : "kk";
  let deliverNow: DeliverNow | undefined;

  /**
   * Stores an outgoing message, then sends it from this process when the delivery runs here,
   * else queues it; a failed hand-off is left to the sweep.
   */
  const outgoing = async (
    conversation: ConversationRow,
    message: {
      author: "operator" | "system";
      operatorId?: number | null;
      kind: HandoffMessageKind;
      text: string;
      ref?: string | null;
    },
  ): Promise<MessageRow> => {
    const row = await messages.add({ conversationId: conversation.id, ...message, now: now() });
    const stored = { id: row.id, conversationId: conversation.id };
    if (deliverNow)
      deliverNow({
        ...stored,
        chat: { channel: conversation.channel, chatId: conversation.chatId },
      });
    else
      await options
        .deliver(stored)
        .catch((error: Error) =>
          logger.warn({ err: error.message, message: row.id }, "handoff message queued later"),
        );
    await events.publish({ type: "message", conversationId: conversation.id, messageId: row.id });
    return row;
  };

  const operatorName = async (operatorId: number) => {
    const user = await db
      .selectFrom("users")
      .select("display_name")
      .where("id", "=", operatorId)
      .executeTakeFirst();
    return operatorFirstName(user?.display_name ?? null, operatorId);
  };

  const availability = async (at: Date): Promise<Availability> => {
    const hours = options.knowledge.current().centreHours;
    const open = hours.isOpen(at);
    const operatorsOnline = (await presence.online()).length;
    if (open && operatorsOnline > 0) return { open, operatorsOnline, expectedAt: null };
    // Open but nobody online: the promise is the next working period, not "soon".
    const from = open ? fromLocal(localDate(at), hours.schedule.hours.end) : at;
    return { open, operatorsOnline, expectedAt: hours.nextOpening(from) };
  };

  const announceTaken = async (conversation: ConversationRow, operatorId: number) => {
    await outgoing(conversation, {
      author: "system",
      kind: "notice",
      text: t(lang(conversation), "handoff-taken", { name: await operatorName(operatorId) }),
    });
    await events.publish({ type: "queue", conversationId: conversation.id });
  };

  /** What the parent typed, scrubbed, on the record and on the operators' screens. */
  const parentMessage = async (conversationId: number, text: string) => {
    const row = await messages.add({
      conversationId,
      author: "parent",
      text: scrubPii(text).slice(0, longest),
      now: now(),
      delivered: true,
    });
    await events.publish({ type: "message", conversationId, messageId: row.id });
    return row;
  };

  return {
    deliveryPrefix: options.deliveryPrefix,
    /**
     * The delivery worker of this process takes outgoing messages straight after they are
     * stored, instead of through a job; the returned function gives them back to the queue.
     */
    deliverFromHere(deliver: DeliverNow) {
      deliverNow = deliver;
      return () => {
        if (deliverNow === deliver) deliverNow = undefined;
      };
    },
    events,
    availability,
    operatorName,
    messages,
    queue,
    presence: {
      of: (userId: number) => presence.of(userId),
      online: () => presence.online(),
      seen: (userId: number) => presence.seen(userId),
      /** How often a live console says it is still there: well inside the timeout. */
      heartbeatMs: Math.min(20_000, Math.floor(presenceTimeoutMs / 3)),
      async set(userId: number, status: PresenceStatus) {
        await presence.set(userId, status);
        await audit.record(userId, `handoff.presence.${status}`, `user:${userId}`);
        await events.publish({ type: "presence", userId });
      },
    },

    openFor: (channel: HandoffChannel, chatId: string) => queue.openFor(channel, chatId),
    conversation: (id: number) => queue.byId(id),
    position: (id: number) => queue.position(id),
    transcript: (id: number) => messages.transcript(id),
    waiting: () => queue.waiting(),
    heldBy: (operatorId: number) => queue.heldBy(operatorId),
    active: () => queue.active(),
    figures: (since: Date) => queue.figures(since),
    setQueueMessage: (id: number, messageId: number, position: number) =>
      queue.setQueueMessage(id, messageId, position),

    /**
     * A parent asks for a person: a new conversation, or the chat's open one (a second request
     * joins it). The question, if any, is scrubbed and kept either way.
     */
    async request(input: {
      channel: HandoffChannel;
      chatId: string;
      language: Language;
      topic: string | null;
      context: HandoffContext;
      question?: string;
      /**
       * The transport's clock (the bot's; tests fix it on a holiday): it decides whether the
       * centre is open and what the parent is promised, never the record's times.
       */
      at?: Date;
    }) {
      const at = input.at ?? now();
      const available = await availability(at);
      const { conversation, joined } = await queue.open({
        channel: input.channel,
        chatId: input.chatId,
        language: input.language,
        topic: input.topic,
        contextJson: JSON.stringify(storableContext(input.context)),
        expectedAt: available.expectedAt?.toISOString() ?? null,
        // The record's clock, which also stamps its take, close and messages: a wait on the
        // operators' screen or in analytics is the time between two readings of one clock.
        now: now(),
      });
      const question = input.question?.trim();
      if (question) await parentMessage(conversation.id, question);
      await events.publish({ type: "queue", conversationId: conversation.id });
      return {
        conversation,
        joined,
        availability: available,
        position: await queue.position(conversation.id),
      };
    },

    parentMessage,

    /** The parent ended it ("End", /cancel): closed without an outcome tag. */
    async endByParent(conversationId: number) {
      const closed = await queue.close(conversationId, { parent: true }, now());
      if (closed) await events.publish({ type: "queue", conversationId });
      return closed;
    },

    rate: (id: number, chatId: string, rating: number) => queue.rate(id, chatId, rating),
    comment: (id: number, chatId: string, comment: string) =>
      queue.comment(id, chatId, scrubPii(comment).slice(0, 1000)),

    /** Takes a chosen conversation; false when another operator already has it. */
    async take(id: number, actor: Actor): Promise<boolean> {
      if (!(await queue.take(id, actor.id, now()))) return false;
      await audit.record(actor.id, "handoff.take", `handoff:${id}`);
      const conversation = await queue.byId(id);
      if (conversation) await announceTaken(conversation, actor.id);
      return true;
    },

    /** Takes the first in line; undefined when nobody waits. */
    async takeNext(actor: Actor): Promise<number | undefined> {
      const id = await queue.takeNext(actor.id, now());
      if (id === undefined) return undefined;
      await audit.record(actor.id, "handoff.take", `handoff:${id}`, { next: true });
      const conversation = await queue.byId(id);
      if (conversation) await announceTaken(conversation, actor.id);
      return id;
    },

    async transfer(id: number, actor: Actor, to: number): Promise<boolean> {
      const target = await db
        .selectFrom("users")
        .select(["id", "role"])
        .where("id", "=", to)
        .where("disabled", "=", 0)
        .where("role", "in", ["operator", "admin"])
        .executeTakeFirst();
      if (!target || to === actor.id) return false;
      const from = actor.role === "admin" ? null : actor.id;
      if (!(await queue.transfer(id, from, to, now()))) return false;
      await audit.record(actor.id, "handoff.transfer", `handoff:${id}`, { to });
      const conversation = await queue.byId(id);
      if (conversation)
        await outgoing(conversation, {
          author: "system",
          kind: "notice",
          text: t(lang(conversation), "handoff-transferred", { name: await operatorName(to) }),
        });
      await events.publish({ type: "queue", conversationId: id });
      return true;
    },

    /** Closes with an outcome; the parent is thanked and asked to rate the help. */
    async close(id: number, actor: Actor, outcome: Outcome): Promise<boolean> {
      const by = { operatorId: actor.role === "admin" ? null : actor.id, outcome };
      if (!(await queue.close(id, by, now()))) return false;
      await audit.record(actor.id, "handoff.close", `handoff:${id}`, { outcome });
      const conversation = await queue.byId(id);
      if (conversation)
        await outgoing(conversation, {
          author: "system",
          kind: "closed",
          text: t(lang(conversation), "handoff-closed-by-operator"),
        });
      await events.publish({ type: "queue", conversationId: id });
      return true;
    },

    /**
     * An operator's message to the parent: typed text, a service card or section, or the
     * application form's button. Only the operator who holds the conversation sends.
     */
    async send(
      id: number,
      actor: Actor,
      message: { kind: "text" | "card" | "section" | "form"; text: string; ref?: string },
    ): Promise<MessageRow | undefined> {
      const conversation = await queue.byId(id);
      if (conversation?.status !== "active" || conversation.operatorId !== actor.id)
        return undefined;
      const text = message.text.trim().slice(0, longest);
      if (!text) return undefined;
      return outgoing(conversation, {
        author: "operator",
        operatorId: actor.id,
        kind: message.kind,
        text,
        ref: message.ref ?? null,
      });
    },
  };
}
export type HandoffService = ReturnType<typeof createHandoffService>;
