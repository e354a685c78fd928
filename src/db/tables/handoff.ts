import type {
  HandoffConversationExtra,
  HandoffMessageExtra,
  HandoffPresenceTable,
  HandoffTransferTable,
} from "./handoff-operations.ts";

export type HandoffChannel = "telegram" | "webchat";
export type HandoffStatus = "waiting" | "active" | "closed";
export type HandoffAuthor = "parent" | "operator" | "bot" | "system";

/** A parent's conversation with a 1414 operator. Text fields hold only what the parent typed, scrubbed. */
export interface HandoffConversationTable {
  id: number | null;
  channel: HandoffChannel;
  /** Telegram chat id or the web-chat id, as text. */
  chat_id: string;
  language: string;
  /** The service the bot was talking about when the parent asked for a person. */
  topic: string | null;
  status: HandoffStatus;
  /** What the parent agreed to pass on: topic, flow answers, the last questions and answers. */
  context_json: string;
  created_at: string;
  taken_at: string | null;
  closed_at: string | null;
  operator_id: number | null;
  /** answered | provider | other_body | not_our_service | abusive */
  outcome: string | null;
  rating: number | null;
  rating_comment: string | null;
}

export interface HandoffMessageTable {
  id: number | null;
  conversation_id: number;
  author: HandoffAuthor;
  operator_id: number | null;
  text: string;
  created_at: string;
  /** Set once the chat has it; undelivered rows are retried after a restart. */
  delivered_at: string | null;
}

export interface HandoffTables {
  handoff_conversation: HandoffConversationTable & HandoffConversationExtra;
  handoff_message: HandoffMessageTable & HandoffMessageExtra;
  handoff_presence: HandoffPresenceTable;
  handoff_transfer: HandoffTransferTable;
}
