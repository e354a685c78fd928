export type QuestionChannel = "telegram" | "webchat" | "console";
/** What became of a question: the share of each is what the analytics page shows. */
export type QuestionOutcome = "answered" | "clarified" | "out_of_scope" | "refused" | "person";

/** One question asked in the bot, the web chat or the console search; nothing identifies who. */
export interface QuestionLogTable {
  id: number | null;
  created_at: string;
  /** Almaty's date of `created_at`, `YYYY-MM-DD`. */
  day: string;
  channel: QuestionChannel;
  language: string;
  /** The service answered about (or the one the conversation was on), else null. */
  service: string | null;
  outcome: QuestionOutcome;
  confidence: number;
  /** Scrubbed by `src/privacy/pii.ts` before it is written. */
  question: string;
}

export type KnowledgeTaskKind = "phrasing" | "missing_fact";
export type KnowledgeTaskStatus = "open" | "approved" | "rejected" | "done";

/**
 * Made by an administrator from a question without a good answer: a phrasing to add to a
 * synonym group (goes live when approved), or a note that the catalogue lacks a fact.
 */
export interface KnowledgeTaskTable {
  id: number | null;
  kind: KnowledgeTaskKind;
  /** The question it came from, scrubbed. */
  question: string;
  language: string;
  /** `phrasing`: the id of the group in `knowledge/synonyms.yaml` the phrasing joins. */
  synonym_group: string | null;
  phrasing: string | null;
  /** `missing_fact`: what the catalogue lacks, for the knowledge editors. */
  note: string | null;
  status: KnowledgeTaskStatus;
  created_by: number | null;
  created_at: string;
  decided_by: number | null;
  decided_at: string | null;
}

export interface AnalyticsTables {
  question_log: QuestionLogTable;
  knowledge_task: KnowledgeTaskTable;
}
