import type { Db } from "../db/database.ts";

export type PresenceStatus = "online" | "away";

/**
 * Operators online or away; an operator who never said counts as away. Saying "online" is not
 * enough: an operator is online only while their console is seen live (the queue stream beats
 * every few seconds) or within `timeoutMs` of saying so, so one who closes the browser without
 * signing out drops out and the bot stops promising parents an operator. `updated_at` is the
 * last time the operator was seen.
 */
export function createPresence(db: Db, options: { timeoutMs: number; now: () => Date }) {
  const freshSince = () => new Date(options.now().getTime() - options.timeoutMs).toISOString();
  return {
    async set(userId: number, status: PresenceStatus) {
      const at = options.now().toISOString();
      await db
        .insertInto("handoff_presence")
        .values({ user_id: userId, status, updated_at: at })
        .onConflict((oc) => oc.column("user_id").doUpdateSet({ status, updated_at: at }))
        .execute();
    },
    /**
     * The operator's console is live: keeps an online operator online. One who has already
     * lapsed stays away until they say "online" again, so a browser reopened the next day does
     * not put them back in the queue unasked.
     */
    async seen(userId: number) {
      await db
        .updateTable("handoff_presence")
        .set({ updated_at: options.now().toISOString() })
        .where("user_id", "=", userId)
        .where("status", "=", "online")
        .where("updated_at", ">=", freshSince())
        .execute();
    },
    async of(userId: number): Promise<PresenceStatus> {
      const row = await db
        .selectFrom("handoff_presence")
        .select("status")
        .where("user_id", "=", userId)
        .where("status", "=", "online")
        .where("updated_at", ">=", freshSince())
        .executeTakeFirst();
      return row ? "online" : "away";
    },
    /** Operators (and administrators) online now, enabled accounts only. */
    async online() {
      return db
        .selectFrom("handoff_presence")
        .innerJoin("users", "users.id", "handoff_presence.user_id")
        .select(["users.id", "users.display_name", "users.email"])
        .where("handoff_presence.status", "=", "online")
        .where("handoff_presence.updated_at", ">=", freshSince())
        .where("users.disabled", "=", 0)
        .where("users.role", "in", ["operator", "admin"])
        .orderBy("users.id")
        .execute();
    },
  };
}
export type Presence = ReturnType<typeof createPresence>;
