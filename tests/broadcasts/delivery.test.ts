import { describe, expect, it } from "vitest";
import { campaignProgress, getCampaign } from "../../src/broadcasts/campaigns.ts";
import { setSubscriberActive } from "../../src/broadcasts/subscriptions.ts";
import { useBroadcastTestBed } from "../support/broadcast-harness.ts";
import { receivedBy, subscribeParents, waitFor } from "../support/broadcasts.ts";

const admin = { role: "admin" as const, providerId: null };
const school = { role: "school_admin" as const, providerId: "ast-school-12" };
const texts = {
  textKk: "Құрметті ата-ана, 1-сыныпқа қабылдау басталды.",
  textRu: "Уважаемые родители, приём в 1 класс начался.",
};

describe("broadcast delivery through the loopback Bot API", () => {
  const bed = useBroadcastTestBed();

  it("reaches every active subscriber of the school exactly once, in their language", async () => {
    const { db } = bed;
    const parents = await subscribeParents(db, {
      providerId: "ast-school-12",
      count: 30,
      firstChatId: 5000,
    });
    const others = await subscribeParents(db, {
      providerId: "ast-school-45",
      count: 5,
      firstChatId: 9000,
    });
    const harness = await bed.start();
    const campaign = await harness.runtime.service.create(school, {
      scope: "provider",
      providerId: "ast-school-12",
      ...texts,
    });

    await waitFor(async () => (await getCampaign(db, campaign.id))?.status === "completed");
    const received = receivedBy(harness.server, [...parents, ...others]);
    // Each parent's language as they chose it in the bot (the subscriber record), not re-derived.
    const languages = new Map(
      (await db.selectFrom("subscriber").select(["chat_id", "language"]).execute()).map((row) => [
        row.chat_id,
        row.language,
      ]),
    );
    expect(new Set(parents.map((chatId) => languages.get(chatId)))).toEqual(new Set(["kk", "ru"]));
    for (const chatId of parents) {
      expect(received.get(chatId)).toEqual([
        languages.get(chatId) === "ru" ? texts.textRu : texts.textKk,
      ]);
    }
    for (const chatId of others) expect(received.get(chatId)).toEqual([]);
    const progress = await campaignProgress(db, campaign.id);
    expect(progress).toMatchObject({ total: 30, sent: 30, pending: 0, failed: 0, percent: 100 });
    const message = harness.server.user({ id: parents[1] as number }).lastMessage();
    expect(message?.reply_markup?.inline_keyboard[0]?.[0]?.text).toContain("жазылымнан шығу");
  });

  it("survives 429 storms, 5xx answers and blocked parents with zero lost and zero duplicates", async () => {
    const { db } = bed;
    const parents = await subscribeParents(db, {
      providerId: "ast-school-12",
      count: 40,
      firstChatId: 7000,
    });
    const blocked = [parents[3], parents[17]] as number[];
    const harness = await bed.start({ server: { seed: 7 } });
    const { server } = harness;
    server.faults.set({
      rate429: { everyNth: 15, retryAfter: 1 },
      rate5xx: { everyNth: 5, status: 502 },
      blockedChats: blocked,
      methods: ["sendMessage"],
    });
    const campaign = await harness.runtime.service.create(admin, { scope: "all", ...texts });

    await waitFor(async () => (await getCampaign(db, campaign.id))?.status === "completed", 25_000);
    const received = receivedBy(server, parents);
    const lost = parents.filter((id) => !blocked.includes(id) && received.get(id)?.length === 0);
    const duplicates = parents.filter((id) => (received.get(id)?.length ?? 0) > 1);
    expect({ lost, duplicates }).toEqual({ lost: [], duplicates: [] });
    expect(server.stats.tooManyRequestsByFault).toBeGreaterThan(0);
    expect(server.stats.serverErrors).toBeGreaterThan(0);
    expect(await campaignProgress(db, campaign.id)).toMatchObject({
      sent: 38,
      blocked: 2,
      failed: 0,
    });
    const inactive = await db
      .selectFrom("subscriber")
      .select("chat_id")
      .where("active", "=", 0)
      .execute();
    expect(inactive.map((r) => r.chat_id).sort()).toEqual([...blocked].sort());

    // A blocked parent is not sent to again.
    const next = await harness.runtime.service.create(admin, { scope: "all", ...texts });
    await waitFor(async () => (await getCampaign(db, next.id))?.status === "completed");
    expect((await campaignProgress(db, next.id)).total).toBe(38);
  });

  it("does not send to a parent who blocked the bot after the campaign started", async () => {
    const { db } = bed;
    const parents = await subscribeParents(db, {
      providerId: "ast-school-12",
      count: 12,
      firstChatId: 8000,
    });
    const last = parents[parents.length - 1] as number;
    const harness = await bed.start({ runtime: { concurrency: 1 } });
    const { server } = harness;
    server.faults.set({ latencyMs: 40, methods: ["sendMessage"] });
    const campaign = await harness.runtime.service.create(admin, { scope: "all", ...texts });
    await waitFor(() => server.stats.messagesSent >= 1 || undefined);
    await setSubscriberActive(db, last, false);

    await waitFor(async () => (await getCampaign(db, campaign.id))?.status === "completed");
    expect(receivedBy(server, [last]).get(last)).toEqual([]);
    expect(server.stats.forbidden).toBe(0);
    expect(await campaignProgress(db, campaign.id)).toMatchObject({ sent: 11, blocked: 1 });
  });

  it("two campaigns at once reach the same parents at most once per second per chat, without 429s", async () => {
    const { db } = bed;
    const parents = await subscribeParents(db, {
      providerId: "ast-school-12",
      count: 6,
      firstChatId: 8500,
    });
    const harness = await bed.start();
    const { server } = harness;
    const [first, second] = await Promise.all([
      harness.runtime.service.create(admin, { scope: "all", ...texts }),
      harness.runtime.service.create(admin, {
        scope: "all",
        textKk: "Екінші хабар",
        textRu: "Второе сообщение",
      }),
    ]);
    for (const campaign of [first, second])
      await waitFor(async () => (await getCampaign(db, campaign.id))?.status === "completed");
    for (const messages of receivedBy(server, parents).values()) expect(messages).toHaveLength(2);
    expect(server.stats.maxPerChatRate).toBe(1);
    expect(server.stats.tooManyRequests).toBe(0);
  });
});
