import type { Db } from "../db/database.ts";

export interface AuditEntry {
  id: number;
  userId: number;
  email: string | null;
  action: string;
  subject: string;
  detail: Record<string, unknown> | null;
  at: string;
}

/** The console's audit trail: who looked up or changed what, and when. No personal data in `detail`. */
export function createAuditLog(db: Db) {
  return {
    async record(
      userId: number,
      action: string,
      subject: string,
      detail?: Record<string, unknown>,
    ): Promise<void> {
      await db
        .insertInto("console_audit")
        .values({
          user_id: userId,
          action,
          subject,
          detail: detail ? JSON.stringify(detail) : null,
          at: new Date().toISOString(),
        })
        .execute();
    },

    async recent(
      filter: { action?: string; subject?: string; limit?: number } = {},
    ): Promise<AuditEntry[]> {
      let query = db
        .selectFrom("console_audit")
        .leftJoin("users", "users.id", "console_audit.user_id")
        .select([
          "console_audit.id",
          "console_audit.user_id",
          "users.email",
          "console_audit.action",
          "console_audit.subject",
          "console_audit.detail",
          "console_audit.at",
        ])
        .orderBy("console_audit.id", "desc")
        .limit(filter.limit ?? 100);
      if (filter.action) query = query.where("console_audit.action", "=", filter.action);
      if (filter.subject) query = query.where("console_audit.subject", "=", filter.subject);
      const rows = await query.execute();
      return rows.map((row) => ({
        id: row.id,
        userId: row.user_id,
        email: row.email,
        action: row.action,
        subject: row.subject,
        detail: row.detail ? (JSON.parse(row.detail) as Record<string, unknown>) : null,
        at: row.at,
      }));
    },
  };
}
export type AuditLog = ReturnType<typeof createAuditLog>;
