import type { Db } from "../db/database.ts";
import type { Language } from "../i18n.ts";
import type { GradeOfInterest } from "./grades.ts";

export interface SubscriptionView {
  id: number;
  providerId: string;
  providerNameKk: string;
  providerNameRu: string;
  grade: string;
}

/** Subscribes a parent to a school for a grade; subscribing again only refreshes the language. */
export async function subscribe(
  db: Db,
  input: { chatId: number; providerId: string; grade: GradeOfInterest; language: Language },
  now = new Date(),
): Promise<void> {
  const at = now.toISOString();
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto("subscriber")
      .values({
        chat_id: input.chatId,
        language: input.language,
        active: 1,
        created_at: at,
        updated_at: at,
      })
      .onConflict((c) =>
        c.column("chat_id").doUpdateSet({ language: input.language, active: 1, updated_at: at }),
      )
      .execute();
    await trx
      .insertInto("subscription")
      .values({
        chat_id: input.chatId,
        provider_id: input.providerId,
        grade: input.grade,
        created_at: at,
      })
      .onConflict((c) => c.columns(["chat_id", "provider_id", "grade"]).doNothing())
      .execute();
  });
}

export async function listSubscriptions(db: Db, chatId: number): Promise<SubscriptionView[]> {
  const rows = await db
    .selectFrom("subscription")
    .innerJoin("provider", "provider.id", "subscription.provider_id")
    .select([
      "subscription.id",
      "subscription.provider_id",
      "subscription.grade",
      "provider.name_kk",
      "provider.name_ru",
    ])
    .where("subscription.chat_id", "=", chatId)
    .orderBy("subscription.id")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    providerId: r.provider_id,
    providerNameKk: r.name_kk,
    providerNameRu: r.name_ru,
    grade: r.grade,
  }));
}

/** Removes one subscription of this parent; false when it was not theirs or already gone. */
export async function unsubscribe(
  db: Db,
  chatId: number,
  subscriptionId: number,
): Promise<boolean> {
  const result = await db
    .deleteFrom("subscription")
    .where("id", "=", subscriptionId)
    .where("chat_id", "=", chatId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Removes every subscription of this parent to one school (the reminder's one-tap button). */
export async function unsubscribeFromProvider(
  db: Db,
  chatId: number,
  providerId: string,
): Promise<number> {
  const result = await db
    .deleteFrom("subscription")
    .where("chat_id", "=", chatId)
    .where("provider_id", "=", providerId)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** A parent blocked the bot (403 or `my_chat_member` kicked) or came back. */
export async function setSubscriberActive(
  db: Db,
  chatId: number,
  active: boolean,
  now = new Date(),
): Promise<void> {
  await db
    .updateTable("subscriber")
    .set({ active: active ? 1 : 0, updated_at: now.toISOString() })
    .where("chat_id", "=", chatId)
    .execute();
}

export async function setSubscriberLanguage(
  db: Db,
  chatId: number,
  language: Language,
  now = new Date(),
) {
  await db
    .updateTable("subscriber")
    .set({ language, updated_at: now.toISOString() })
    .where("chat_id", "=", chatId)
    .execute();
}
