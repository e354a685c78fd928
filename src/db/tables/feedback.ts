/** A parent's verdict on a bot answer; `question` is stored only after PII scrubbing. */
export interface AnswerFeedbackTable {
  id: number | null;
  /** The answer's reference from the button (unique: pressing again changes the verdict). */
  answer_ref: string;
  question: string;
  lang: string;
  service: string | null;
  confidence: number;
  /** 1 helpful, 0 not helpful. */
  helpful: number;
  created_at: string;
  /** Set when an operator has looked at it. */
  reviewed_at: string | null;
}

export interface FeedbackTables {
  answer_feedback: AnswerFeedbackTable;
}
