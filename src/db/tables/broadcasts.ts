import type { Generated } from "kysely";

/** A parent who subscribed in the bot; `active` is 0 after they block the bot. */
export interface SubscriberTable {
  chat_id: number;
  language: string;
  active: number;
  created_at: string;
  updated_at: string;
}

/** One school (provider) and grade of interest a parent follows. */
export interface SubscriptionTable {
  id: Generated<number>;
  chat_id: number;
  provider_id: string;
  /** A grade of interest from `src/broadcasts/grades.ts`, e.g. `first_grade`. */
  grade: string;
  created_at: string;
}

/** A reminder sent to an audience; texts in both languages, each parent gets theirs. */
export interface CampaignTable {
  id: Generated<number>;
  /** `manual` (console) or `automatic` (from an admission window). */
  origin: string;
  /** `provider` (one school's subscribers), `region` or `all`. */
  scope: string;
  provider_id: string | null;
  region_id: string | null;
  /** Only subscribers with this grade of interest; null for every grade. */
  grade: string | null;
  text_kk: string;
  text_ru: string;
  /** draft | scheduled | sending | completed | cancelled */
  status: string;
  scheduled_at: string;
  /** Unique key of an automatic reminder, e.g. `first_grade:2027:opens`: created once. */
  window_key: string | null;
  /** Recipients recorded so far (set once the audience is resolved). */
  total: number;
  /** Last chat id handed to the queue, so a restarted fan-out resumes where it stopped. */
  fanout_cursor: number;
  fanout_done: number;
  created_by: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

/** One parent in one campaign: recorded before sending, so a lost Redis loses no one. */
export interface CampaignRecipientTable {
  campaign_id: number;
  chat_id: number;
  language: string;
  /** The school the unsubscribe button leaves. */
  provider_id: string;
  /** pending | sending | sent | failed | blocked | cancelled */
  status: string;
  attempts: number;
  message_id: number | null;
  error: string | null;
  updated_at: string;
}

export interface BroadcastTables {
  subscriber: SubscriberTable;
  subscription: SubscriptionTable;
  campaign: CampaignTable;
  campaign_recipient: CampaignRecipientTable;
}
