import type { Generated } from "kysely";

/** A console account. `provider_id` binds a school_admin to exactly one provider (school). */
export interface UserTable {
  id: Generated<number>;
  email: string;
  password_hash: string;
  role: "operator" | "school_admin" | "admin";
  provider_id: string | null;
  display_name: string | null;
  disabled: Generated<number>;
  created_at: string;
  last_login_at: string | null;
}

/** An operator's flag: the answer to `query` was wrong, or there was none. */
export interface ConsoleFlagTable {
  id: Generated<number>;
  kind: "wrong" | "missing";
  query: string;
  lang: string;
  answer_ref: string | null;
  comment: string;
  created_by: number;
  created_at: string;
  resolved_at: string | null;
  resolved_by: number | null;
}

/** Who did what in the console; `detail` is JSON without personal data. */
export interface ConsoleAuditTable {
  id: Generated<number>;
  user_id: number;
  action: string;
  subject: string;
  detail: string | null;
  at: string;
}

/** A failed console sign-in; `user_id` is null when the e-mail address matched no account. */
export interface LoginFailureTable {
  id: Generated<number>;
  user_id: number | null;
  address: string;
  reason: "wrong_password" | "unknown_account" | "account_locked" | "address_limited";
  at: string;
}

export interface UsersTables {
  users: UserTable;
  console_flag: ConsoleFlagTable;
  console_audit: ConsoleAuditTable;
  login_failure: LoginFailureTable;
}
