import type { Db } from "../db/database.ts";

export type PresenceStatus = "online" | "away";

/** Operators online or away; an operator who never said counts as away. */
export function createPresence(db: Db) {
  return {
    async set(userId: number, status: PresenceStatus, now: Date) {
      await db
        .insertInto("handoff_presence")
        .values({ user_id: userId, status, updated_at: now.toISOString() })
        .onConflict((oc) =>
          oc.column("user_id").doUpdateSet({ status, updated_at: now.toISOString() }),
        )
        .execute();
    },
    async of(userId: number): Promise<PresenceStatus> {
      const row = await db
        .selectFrom("handoff_presence")
        .select("status")
        .where("user_id", "=", userId)
        .executeTakeFirst();
      return row?.status ?? "away";
    },
    /** Operators (and administrators) online now, enabled accounts only. */
    async online() {
      return db
        .selectFrom("handoff_presence")
        .innerJoin("users", "users.id", "handoff_presence.user_id")
        .select(["users.id", "users.display_name", "users.email"])
        .where("handoff_presence.status", "=", "online")
        .where("users.disabled", "=", 0)
        .where("users.role", "in", ["operator", "admin"])
        .orderBy("users.id")
        .execute();
    },
  };
}
export type Presence = ReturnType<typeof createPresence>;
