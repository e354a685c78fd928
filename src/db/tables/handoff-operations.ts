import type { Generated } from "kysely";

/**
 * Columns and tables the handoff added after its first migration
 * (`2026120210-handoff-operations.ts`); merged into the handoff tables in `schema.ts`.
 */

/**
 * What a message row is: a typed text, a service card or one of its sections sent by an
 * operator, the button to fill in the application form, a notice of the bot (taken,
 * transferred), or the closing note that asks for a rating.
 */
export type HandoffMessageKind = "text" | "card" | "section" | "form" | "notice" | "closed";

export interface HandoffMessageExtra {
  kind: Generated<HandoffMessageKind>;
  /** The service (`card`, `form`) or `<service>:<section>` (`section`). */
  ref: string | null;
}

export interface HandoffConversationExtra {
  /** The parent's "you are in the queue" message, edited in place as the position changes. */
  queue_message_id: number | null;
  /** The position that message shows now. */
  queue_position_shown: number | null;
  /** When the bot promised an answer (off-hours or nobody online): the next opening. */
  expected_at: string | null;
}

/** An operator online (takes conversations) or away. */
export interface HandoffPresenceTable {
  user_id: number;
  status: "online" | "away";
  updated_at: string;
}

/** A conversation handed from one operator to another. */
export interface HandoffTransferTable {
  id: number | null;
  conversation_id: number;
  from_operator_id: number | null;
  to_operator_id: number;
  at: string;
}
