import { readFile } from "node:fs/promises";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { generateApplicationId } from "../../src/applications/id.ts";
import {
  claimNotification,
  getStageHistory,
  markNotificationDelivered,
  moveStage,
  NOTICE_CLAIM_LEASE_MS,
  saveApplication,
} from "../../src/applications/registry.ts";
import {
  claimRecipient,
  createCampaign,
  recordRecipients,
} from "../../src/broadcasts/campaigns.ts";
import { createDueWindowReminders } from "../../src/broadcasts/reminders.ts";
import { subscribe } from "../../src/broadcasts/subscriptions.ts";
import { type Db, openDatabase } from "../../src/db/database.ts";
import { loadCatalogue } from "../../src/knowledge/catalogue.ts";
import { importProvidersCsv } from "../../src/providers/directory.ts";
import { testTranslate } from "../support/i18n.ts";
import { createTestDatabase, engines, type TestDatabase } from "../support/test-database.ts";

/**
 * Two instances of the app on one database, each with its own connections, doing the same
 * thing at the same moment: every "exactly once" must hold on both engines. On PostgreSQL the
 * two pools really run in parallel (10 connections each); on SQLite (one instance by design)
 * the same calls interleave on its one connection.
 */
describe.each(engines)("exactly once across two instances on %s", (engine) => {
  let testDb: TestDatabase;
  let first: Db;
  let second: Db;

  beforeEach(async () => {
    testDb = await createTestDatabase(engine);
    first = testDb.db;
    // SQLite runs one instance: a second connection in this process would block the event
    // loop inside better-sqlite3 while the first waits for its next turn.
    second = engine === "postgres" ? await openDatabase(testDb.location, { poolSize: 10 }) : first;
    await importProvidersCsv(first, await readFile("demo/providers.csv", "utf8"));
  });
  afterEach(async () => {
    if (second !== first) await second.destroy();
    await testDb.close();
  });

  /** `count` calls of `work`, alternating between the two instances, all started at once. */
  const race = <T>(count: number, work: (db: Db, index: number) => Promise<T>) =>
    Promise.all(Array.from({ length: count }, (_, i) => work(i % 2 === 0 ? first : second, i)));

  async function application() {
    const id = generateApplicationId();
    await saveApplication(first, "test-phone-pepper-0123456789", {
      id,
      serviceId: "home_schooling",
      providerId: "ast-school-12",
      channel: "egov_portal",
      submittedAt: "2026-11-20T05:00:00.000Z",
      deadline: "2099-12-31",
      stage: "received",
      actor: "provider:ast-school-12",
    });
    return id;
  }

  it("a stage-change notice is claimed by one sender only", async () => {
    const claims = await race(20, (db, i) => claimNotification(db, 41, "777000111", `job-${i}`));
    expect(claims.filter(Boolean)).toHaveLength(1);
  });

  it("a notice whose sender died after claiming it is taken over by the retry of its job at once, by others after its lease only", async () => {
    expect(await claimNotification(first, 42, "777000112", "n-42-777000112")).toBe(true);
    // The sender is killed here: no send, no delivery mark. Within the lease no other job takes it.
    expect(
      await race(6, (db, i) => claimNotification(db, 42, "777000112", `sweep-${i}`)),
    ).not.toContain(true);
    // The queue retries the stalled job itself: it takes its own claim back straight away.
    expect(await claimNotification(first, 42, "777000112", "n-42-777000112")).toBe(true);

    expect(await claimNotification(first, 43, "777000113", "n-43-777000113")).toBe(true);
    await first
      .updateTable("stage_notification")
      .set({ sent_at: new Date(Date.now() - NOTICE_CLAIM_LEASE_MS - 1000).toISOString() })
      .where("stage_event_id", "=", 43)
      .execute();
    const takeovers = await race(20, (db, i) =>
      claimNotification(db, 43, "777000113", `sweep-${i}`),
    );
    expect(takeovers.filter(Boolean)).toHaveLength(1);

    // A delivered notice is never claimed again, however old, not even by its own job.
    await markNotificationDelivered(first, 43, "777000113");
    await first
      .updateTable("stage_notification")
      .set({ sent_at: "2020-01-01T00:00:00.000Z" })
      .execute();
    expect(
      await race(6, (db, i) => claimNotification(db, 43, "777000113", `sweep-${i}`)),
    ).not.toContain(true);
    const winner = await first
      .selectFrom("stage_notification")
      .select("claimed_by")
      .where("stage_event_id", "=", 43)
      .executeTakeFirstOrThrow();
    expect(await claimNotification(first, 43, "777000113", winner.claimed_by ?? "")).toBe(false);
  });

  it("the same stage change sent twelve times at once is recorded once and notifies once", async () => {
    const id = await application();
    const results = await race(12, (db) =>
      moveStage(db, {
        applicationId: id,
        stage: "registered",
        actor: "provider:ast-school-12",
        at: "2026-11-21T05:00:00.000Z",
      }),
    );
    expect(results.filter((result) => result.changed)).toHaveLength(1);
    expect(
      results.filter((result) => !result.changed && result.reason === "same_stage"),
    ).toHaveLength(11);
    expect((await getStageHistory(first, id)).map((step) => step.stage)).toEqual([
      "received",
      "registered",
    ]);
  });

  it("broadcast recipients are recorded once and each is claimed by one sender", async () => {
    const chatIds = Array.from({ length: 40 }, (_, i) => 6_000_000_000 + i);
    for (const chatId of chatIds)
      await subscribe(first, {
        chatId,
        providerId: "ast-school-12",
        grade: "first_grade",
        language: "kk",
      });
    const campaign = await createCampaign(
      first,
      { role: "admin", providerId: null, name: "test" },
      { scope: "provider", providerId: "ast-school-12", textKk: "Ескерту", textRu: "Напоминание" },
    );
    const totals = await race(6, (db) => recordRecipients(db, campaign));
    expect(totals).toEqual(Array(6).fill(chatIds.length));

    const recipients = await first
      .selectFrom("campaign_recipient")
      .select(["chat_id", "status", "attempts"])
      .where("campaign_id", "=", campaign.id)
      .orderBy("chat_id")
      .execute();
    // Telegram ids above 2^31 come back exactly, as numbers, from both engines.
    expect(recipients.map((row) => row.chat_id)).toEqual(chatIds);

    // Every recipient read by four workers (two per instance) that then all try to claim it.
    const winners = await Promise.all(
      recipients.map(async (row) => {
        const claims = await race(4, (db) =>
          claimRecipient(db, {
            campaignId: campaign.id,
            chatId: row.chat_id,
            status: row.status,
            attempts: row.attempts,
          }),
        );
        return claims.filter(Boolean).length;
      }),
    );
    expect(winners).toEqual(Array(chatIds.length).fill(1));
  });

  it("two schedulers creating the window reminders at once create each one once", async () => {
    const catalogue = await loadCatalogue("knowledge");
    const t = testTranslate;
    const options = {
      now: new Date("2026-04-02T06:00:00Z"),
      daysBeforeClose: 7,
    };
    const created = await race(6, (db) => createDueWindowReminders(db, catalogue, t, options));
    const keys = created.flat().map((campaign) => campaign.window_key);
    expect(keys).toContain("first_grade:2026:opens");
    expect(new Set(keys).size).toBe(keys.length);
    const rows = await first.selectFrom("campaign").select("window_key").execute();
    expect(rows.map((row) => row.window_key).sort()).toEqual([...keys].sort());
  });
});
