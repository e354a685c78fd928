import type { I18nFlavor } from "@grammyjs/i18n";
import type { Context, SessionFlavor } from "grammy";
import type { DialogueTopic } from "../answers/dialogue.ts";
import type { Logger } from "../logger.ts";

/**
 * What the bot keeps per chat in Redis (expires, see `SESSION_TTL_SECONDS`). Keep it small:
 * each feature owns ONE optional, namespaced field and never touches the others' fields.
 *
 * A feature adds its field without editing this file, by declaration merging:
 * ```ts
 * declare module "../context.ts" {
 *   interface SessionData { status?: { awaiting?: "application-number" } }
 * }
 * ```
 */
export interface SessionData {
  /** Owned by `@grammyjs/i18n`: the language the parent chose (`kk` | `ru`). */
  __language_code?: string;
  /** Owned by the flow feature: where the parent is in a guided flow. */
  flow?: FlowSession;
  /** Owned by the form feature: what the parent typed for the application form. */
  form?: FormSession;
  /** Owned by the answers and card features: what the conversation is about now. */
  dialogue?: DialogueSession;
}

/**
 * The conversation's topic (a service id and an aspect, no words of the parent) and when it was
 * last touched: a follow-up hours later starts afresh (see `topicOf`).
 */
export interface DialogueSession {
  topic: DialogueTopic;
  /** Epoch milliseconds of the last answer or card about it. */
  at: number;
}

export interface FlowSession {
  flowId: string;
  /** Version hash of the flow definition; a changed flow makes old state stale. */
  version: string;
  /** Step ids from the start to the current step (Back pops it). */
  path: string[];
  /** Typed answers by step id. */
  answers: Record<string, string>;
  /** Message id of the keyboard being edited in place. */
  messageId?: number;
}

export interface FormSession {
  serviceId: string;
  /** Which document: the official form or a plain application. */
  kind?: "official" | "plain";
  /** Field being asked now; absent when the form is complete. */
  awaiting?: FormField;
  parent?: string;
  child?: string;
  relation?: "son" | "daughter";
  grade?: number;
  school?: string;
  conclusionNumber?: string;
  /** `YYYY-MM-DD`. */
  conclusionDate?: string;
}

export type FormField =
  | "kind"
  | "parent"
  | "child"
  | "relation"
  | "grade"
  | "school"
  | "conclusionNumber"
  | "conclusionDate";

/** Added by the bot's first middleware: a child logger per update (update id only, no text). */
export interface LogFlavor {
  log: Logger;
}

/** The one context type every feature uses. */
export type BotContext = Context & SessionFlavor<SessionData> & I18nFlavor & LogFlavor;
