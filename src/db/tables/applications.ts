import type { Generated } from "kysely";

/**
 * One application in the registry. It holds no names and no documents: the status service
 * only needs the service, the provider, the stages and what proves ownership (hashes).
 */
export interface ApplicationTable {
  /** Printed form `XXXX-XXXX-XXXX` (see src/applications/id.ts). */
  id: string;
  service_id: string;
  provider_id: string;
  /** provider_office | egov_portal | egov_mobile | government_for_citizens | local_authority */
  channel: string;
  /** ISO timestamp. */
  submitted_at: string;
  /** ISO date (YYYY-MM-DD, Almaty) by which the result is due. */
  deadline: string;
  /** Current stage (see STAGES in src/applications/stages.ts). */
  stage: string;
  stage_at: string;
  /** Index into the service's refusalGrounds in the catalogue, when refused. */
  refusal_ground: number | null;
  /** HMAC-SHA256 of the normalised phone, keyed by PHONE_HASH_SECRET. */
  phone_hash: string | null;
  /** HMAC-SHA256 of `<id>:<pin>`, keyed by PHONE_HASH_SECRET. */
  pin_hash: string | null;
  /** External information system holding the live status (`knowledge/organisations.yaml`), if any. */
  external_system: string | null;
  /** The application's number in that system. */
  external_ref: string | null;
  updated_at: string;
}

/** The audit trail: every stage change, who made it and when. */
export interface ApplicationStageTable {
  id: Generated<number>;
  application_id: string;
  stage: string;
  at: string;
  /** `provider:<id>`, `operator:<id>`, `import:<file>`, `external:<system>`, `demo`. */
  actor: string;
  refusal_ground: number | null;
  /** When the row was written (ISO); `at` may be backdated by the provider. */
  recorded_at: Generated<string>;
}

/** A Telegram user who proved the application is theirs; they get stage-change messages. */
export interface ApplicationLinkTable {
  application_id: string;
  telegram_user_id: string;
  method: "contact" | "pin";
  language: string;
  linked_at: string;
  /** Only events after this one are notified to this parent (set when linking). */
  since_event_id: Generated<number>;
}

/** Consent to processing personal data (Law "On personal data and their protection", art. 8). */
export interface StatusConsentTable {
  id: Generated<number>;
  /** `telegram:<user id>` */
  subject: string;
  decision: "granted" | "refused";
  /** Version of the consent text shown, so a changed text can be asked again. */
  text_version: string;
  decided_at: string;
}

/** One row per (stage change, recipient): the unique key is what makes notices exactly-once. */
export interface StageNotificationTable {
  stage_event_id: number;
  telegram_user_id: string;
  /** When a sender claimed the notice. */
  sent_at: string;
  /** When the Bot API took it; null while a claim is in flight (or its sender died). */
  delivered_at: string | null;
  /** The queue job that holds the claim: the queue's retry of that job may take it over. */
  claimed_by: string | null;
}

export interface ApplicationsTables {
  application: ApplicationTable;
  application_stage: ApplicationStageTable;
  application_link: ApplicationLinkTable;
  status_consent: StatusConsentTable;
  stage_notification: StageNotificationTable;
}
