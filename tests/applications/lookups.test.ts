import { afterEach, describe, expect, it } from "vitest";
import { generateApplicationId } from "../../src/applications/id.ts";
import {
  claimNotification,
  moveStage,
  NOTICE_CLAIM_LEASE_MS,
  noticeJobId,
} from "../../src/applications/registry.ts";
import { requeueUnsent, type StageNoticeSender } from "../../src/workers/status-notify.ts";
import { type StatusHarness, startStatusHarness } from "../support/status-harness.ts";
import { testRedisUrl } from "../support/suite-redis.ts";

const redisUrl = testRedisUrl();
const harnesses: StatusHarness[] = [];
afterEach(async () => {
  for (const harness of harnesses.splice(0)) await harness.close();
});

async function harness(env: Record<string, string> = {}, options = {}) {
  const started = await startStatusHarness(redisUrl, env, options);
  harnesses.push(started);
  return started;
}

const parent = (userId: number) => ({ kind: "telegram" as const, userId, language: "ru" });

async function lookup(
  h: StatusHarness,
  request: Parameters<StatusHarness["lookups"]["requestLookup"]>[0],
) {
  const outcome = await h.lookups.requestLookup(request);
  if (!outcome.ok) return outcome;
  return { ...outcome, answer: await h.lookups.waitForResult(outcome.jobId, 5000) };
}

describe("status lookups through the queue", () => {
  it("shows the owner (own phone) the stages and a stranger only the coarse status", async () => {
    const h = await harness();
    const id = generateApplicationId();
    await h.addApplication({
      id,
      stage: "assigned",
      phone: "+7 701 555 1234",
      pin: "482913",
      deadline: "2000-01-01",
    });
    await h.lookups.recordConsent(1, "granted");
    await h.lookups.recordConsent(2, "granted");

    const owner = await lookup(h, {
      applicationId: id,
      requester: parent(1),
      proof: { phone: "87015551234" },
    });
    expect(owner).toMatchObject({ ok: true, view: "detailed", proof: "accepted" });
    if (!owner.ok || owner.answer.outcome !== "found" || owner.answer.view !== "detailed")
      throw new Error("no details");
    expect(owner.answer.status.stage).toBe("assigned");
    expect(owner.answer.status.history.map((step) => step.stage)).toEqual(["assigned"]);
    expect(owner.answer.status.overdue).toBe(true);

    const stranger = await lookup(h, { applicationId: id, requester: parent(2) });
    if (!stranger.ok) throw new Error("refused");
    expect(stranger.answer).toEqual({
      outcome: "found",
      view: "coarse",
      status: {
        applicationId: id,
        serviceId: "home_schooling",
        state: "in_progress",
        deadline: "2000-01-01",
        overdue: true,
      },
    });

    // The owner stays linked: later lookups without proof still show details.
    const again = await lookup(h, { applicationId: id.toLowerCase(), requester: parent(1) });
    expect(again).toMatchObject({ ok: true, view: "detailed" });

    // Receipt PIN works for someone else; a wrong PIN gives the coarse view.
    expect(
      await lookup(h, { applicationId: id, requester: parent(2), proof: { pin: "000000" } }),
    ).toMatchObject({
      view: "coarse",
      proof: "rejected",
    });
    expect(
      await lookup(h, { applicationId: id, requester: parent(2), proof: { pin: "482913" } }),
    ).toMatchObject({
      view: "detailed",
      proof: "accepted",
    });
  });

  it("shows the owner the stages even when a stranger's coarse answer is still cached", async () => {
    const h = await harness({ STATUS_CACHE_TTL_SECONDS: "30" });
    const id = generateApplicationId();
    await h.addApplication({ id, stage: "registered", phone: "+7 701 555 4321" });
    await h.registry.moveStage({ applicationId: id, stage: "assigned", actor: "provider:x" });
    await h.lookups.recordConsent(1, "granted");
    await h.lookups.recordConsent(2, "granted");

    const stranger = await lookup(h, { applicationId: id, requester: parent(2) });
    expect(stranger).toMatchObject({ ok: true, answer: { outcome: "found", view: "coarse" } });
    expect(await h.redis.exists(`${h.prefix}:status:cache:${id}`)).toBe(1);

    const owner = await lookup(h, {
      applicationId: id,
      requester: parent(1),
      proof: { phone: "87015554321" },
    });
    if (!owner.ok || owner.answer.outcome !== "found" || owner.answer.view !== "detailed")
      throw new Error("no details");
    expect(owner.answer.status.history.map((step) => [step.stage, step.by])).toEqual([
      ["registered", "provider"],
      ["assigned", "provider"],
    ]);
  });

  it("keeps personal data out of job data and results", async () => {
    const h = await harness();
    const id = generateApplicationId();
    await h.addApplication({ id, phone: "+7 701 555 9876", pin: "135790" });
    await h.lookups.recordConsent(7, "granted");
    const result = await lookup(h, {
      applicationId: id,
      requester: parent(7),
      proof: { phone: "+77015559876" },
    });
    if (!result.ok) throw new Error("refused");
    const job = await h.lookups.queue.getJob(result.jobId);
    const stored = JSON.stringify([
      job?.data,
      job?.returnvalue,
      await h.redis.get(`${h.prefix}:status:cache:${id}`),
    ]);
    expect(stored).not.toMatch(/555|9876|135790/);
    expect(job?.data).toEqual({ applicationId: id, requester: "telegram:7", view: "detailed" });
  });

  it("asks for consent first, and a refusal blocks lookups", async () => {
    const h = await harness();
    const id = generateApplicationId();
    await h.addApplication({ id });
    expect(await h.lookups.requestLookup({ applicationId: id, requester: parent(3) })).toEqual({
      ok: false,
      reason: "consent_required",
    });
    const at = await h.lookups.recordConsent(3, "refused");
    expect(Date.parse(at)).toBeGreaterThan(Date.now() - 5000);
    expect(await h.lookups.requestLookup({ applicationId: id, requester: parent(3) })).toEqual({
      ok: false,
      reason: "consent_refused",
    });
    expect(await h.lookups.queue.count()).toBe(0);
    await h.lookups.recordConsent(3, "granted");
    expect(
      await h.lookups.requestLookup({ applicationId: id, requester: parent(3) }),
    ).toMatchObject({ ok: true });
  });

  it("rejects a malformed ID before queueing anything", async () => {
    const h = await harness();
    await h.lookups.recordConsent(4, "granted");
    const typo = "65H9-THPJ-H6NB";
    expect(await h.lookups.requestLookup({ applicationId: typo, requester: parent(4) })).toEqual({
      ok: false,
      reason: "malformed_id",
      detail: "checksum",
    });
    expect(await h.lookups.queue.count()).toBe(0);
  });

  it("throttles enumeration: unknown IDs use up a small budget, answers do not say which IDs exist", async () => {
    const h = await harness({
      STATUS_UNKNOWN_IDS_PER_HOUR: "3",
      STATUS_USER_LOOKUPS_PER_MINUTE: "100",
    });
    await h.lookups.recordConsent(5, "granted");
    const real = generateApplicationId();
    await h.addApplication({ id: real });
    const answers: string[] = [];
    for (let i = 0; i < 3; i++) {
      const result = await lookup(h, {
        applicationId: generateApplicationId(),
        requester: parent(5),
      });
      answers.push(result.ok ? result.answer.outcome : result.reason);
    }
    expect(answers).toEqual(["not_found", "not_found", "not_found"]);
    // Budget spent: even the real ID is refused the same way as any other.
    const blockedReal = await h.lookups.requestLookup({
      applicationId: real,
      requester: parent(5),
    });
    const blockedFake = await h.lookups.requestLookup({
      applicationId: generateApplicationId(),
      requester: parent(5),
    });
    expect(blockedReal).toMatchObject({ ok: false, reason: "rate_limited" });
    expect(blockedFake).toMatchObject({ ok: false, reason: "rate_limited" });
    // Someone else is not affected.
    await h.lookups.recordConsent(6, "granted");
    expect(await lookup(h, { applicationId: real, requester: parent(6) })).toMatchObject({
      answer: { outcome: "found" },
    });
  });

  it("limits lookups per user per minute and wrong PINs per ID", async () => {
    const h = await harness({
      STATUS_USER_LOOKUPS_PER_MINUTE: "2",
      STATUS_PROOF_FAILURES_PER_HOUR: "2",
    });
    const id = generateApplicationId();
    await h.addApplication({ id, pin: "246810" });
    for (const user of [8, 9, 10]) await h.lookups.recordConsent(user, "granted");
    expect(
      await h.lookups.requestLookup({ applicationId: id, requester: parent(8) }),
    ).toMatchObject({ ok: true });
    expect(
      await h.lookups.requestLookup({ applicationId: id, requester: parent(8) }),
    ).toMatchObject({ ok: true });
    expect(
      await h.lookups.requestLookup({ applicationId: id, requester: parent(8) }),
    ).toMatchObject({
      ok: false,
      reason: "rate_limited",
    });
    for (const pin of ["111111", "222222"]) {
      expect(
        await h.lookups.requestLookup({ applicationId: id, requester: parent(9), proof: { pin } }),
      ).toMatchObject({
        proof: "rejected",
      });
    }
    // PIN guessing is capped: past the cap even the right PIN is not accepted for the hour.
    expect(
      await h.lookups.requestLookup({
        applicationId: id,
        requester: parent(10),
        proof: { pin: "246810" },
      }),
    ).toMatchObject({ ok: true, view: "coarse", proof: "rejected" });
  });

  it("collapses duplicate requests by the same person into one job", async () => {
    const h = await harness();
    const id = generateApplicationId();
    await h.addApplication({ id });
    const worker = h.lookupWorker?.worker;
    if (!worker) throw new Error("no worker");
    await worker.pause();
    await h.lookups.recordConsent(11, "granted");
    const first = await h.lookups.requestLookup({ applicationId: id, requester: parent(11) });
    const second = await h.lookups.requestLookup({ applicationId: id, requester: parent(11) });
    if (!first.ok || !second.ok) throw new Error("refused");
    expect(second.jobId).toBe(first.jobId);
    expect(await h.lookups.queue.getWaitingCount()).toBe(1);
    worker.resume();
    const [a, b] = await Promise.all([
      h.lookups.waitForResult(first.jobId, 5000),
      h.lookups.waitForResult(second.jobId, 5000),
    ]);
    expect(a).toEqual(b);
    expect(a.outcome).toBe("found");
  });

  it("notifies a linked parent once per stage change, and a replayed change notifies nobody", async () => {
    const sent: { userId: string; stage: string }[] = [];
    const send: StageNoticeSender = async ({ userId, stage }) => {
      sent.push({ userId, stage });
    };
    const h = await harness({}, { send });
    const id = generateApplicationId();
    await h.addApplication({ id, phone: "+7 702 000 1111" });
    await h.lookups.recordConsent(12, "granted");
    await h.lookups.requestLookup({
      applicationId: id,
      requester: parent(12),
      proof: { phone: "+77020001111" },
    });

    const change = {
      applicationId: id,
      stage: "result_prepared" as const,
      actor: "provider:ast-school-12",
    };
    expect(await h.registry.moveStage(change)).toMatchObject({ changed: true });
    expect(await h.registry.moveStage(change)).toMatchObject({
      changed: false,
      reason: "same_stage",
    });
    // A refusal without its ground is refused and notifies nobody.
    expect(await h.registry.moveStage({ ...change, stage: "refused" })).toMatchObject({
      changed: false,
      reason: "refusal_ground_required",
    });
    expect(
      await h.registry.moveStage({ ...change, stage: "refused", refusalGround: 1 }),
    ).toMatchObject({ changed: true });

    await waitUntil(() => sent.length >= 2);
    // Every notice the changes queued has been handled: nothing else is on its way.
    await waitForIdle(h.notifyQueue);
    expect(sent).toEqual([
      { userId: "12", stage: "result_prepared" },
      { userId: "12", stage: "refused" },
    ]);
    // The audit trail has every change with who made it.
    const history = await h.db
      .selectFrom("application_stage")
      .select(["stage", "actor"])
      .where("application_id", "=", id)
      .orderBy("id")
      .execute();
    expect(history.map((row) => row.stage)).toEqual(["registered", "result_prepared", "refused"]);
  });
});

describe("stage-change notices as an outbox", () => {
  it("re-sends a notice whose job was lost, once, and never tells a later parent about older changes", async () => {
    const sent: { userId: string; stage: string }[] = [];
    const h = await harness(
      {},
      {
        send: async ({ userId, stage }: { userId: string; stage: string }) =>
          void sent.push({ userId, stage }),
      },
    );
    const id = generateApplicationId();
    await h.addApplication({ id, pin: "555111" });
    await h.lookups.recordConsent(21, "granted");
    await h.lookups.requestLookup({
      applicationId: id,
      requester: parent(21),
      proof: { pin: "555111" },
    });

    // The change is committed but its queue job never made it (Redis away at that moment).
    await moveStage(h.db, { applicationId: id, stage: "signed", actor: "provider:ast-school-12" });
    expect(await requeueUnsent(h.notifyQueue, h.db, 0)).toBe(1);
    await waitUntil(() => sent.length === 1);
    expect(sent).toEqual([{ userId: "21", stage: "signed" }]);

    // A parent who links now is not told about the earlier change; the sent one is not re-sent.
    await h.lookups.recordConsent(22, "granted");
    await h.lookups.requestLookup({
      applicationId: id,
      requester: parent(22),
      proof: { pin: "555111" },
    });
    expect(await requeueUnsent(h.notifyQueue, h.db, 0)).toBe(0);
    // Reloading the application (demo data at every start) is not a stage change for anyone.
    await h.addApplication({ id, pin: "555111", stage: "signed" });
    expect(await requeueUnsent(h.notifyQueue, h.db, 0)).toBe(0);
    await waitForIdle(h.notifyQueue);
    expect(sent).toHaveLength(1);
    // One claim row: the notice was handed over exactly once.
    const claims = await h.db.selectFrom("stage_notification").selectAll().execute();
    expect(claims).toHaveLength(1);
    expect(claims[0]?.delivered_at).not.toBeNull();

    // Another change whose sender claims it and is killed before sending: the sweep leaves the
    // claim alone within its lease, then hands the notice to a live sender, once.
    await moveStage(h.db, { applicationId: id, stage: "issued", actor: "provider:ast-school-12" });
    expect(await requeueUnsent(h.notifyQueue, h.db, 0)).toBe(2);
    await waitUntil(() => sent.length === 3);
    const issued = await h.db
      .selectFrom("application_stage")
      .select("id")
      .where("application_id", "=", id)
      .where("stage", "=", "issued")
      .executeTakeFirstOrThrow();
    await h.db
      .updateTable("stage_notification")
      .set({ delivered_at: null })
      .where("stage_event_id", "=", issued.id)
      .where("telegram_user_id", "=", "22")
      .execute();
    expect(await requeueUnsent(h.notifyQueue, h.db, 0)).toBe(0);
    await h.db
      .updateTable("stage_notification")
      .set({ sent_at: new Date(Date.now() - NOTICE_CLAIM_LEASE_MS - 1000).toISOString() })
      .where("stage_event_id", "=", issued.id)
      .where("telegram_user_id", "=", "22")
      .execute();
    expect(await requeueUnsent(h.notifyQueue, h.db, 0)).toBe(1);
    await waitUntil(() => sent.length === 4);
    expect(sent.at(-1)).toEqual({ userId: "22", stage: "issued" });
    await waitForIdle(h.notifyQueue);
    expect(await requeueUnsent(h.notifyQueue, h.db, 0)).toBe(0);
  });

  it("sends a notice whose sender died after claiming it as soon as its job runs again (the retry re-added here by id)", async () => {
    const sent: { userId: string; stage: string }[] = [];
    const h = await harness(
      {},
      {
        send: async ({ userId, stage }: { userId: string; stage: string }) =>
          void sent.push({ userId, stage }),
      },
    );
    const id = generateApplicationId();
    await h.addApplication({ id, pin: "555222" });
    await h.lookups.recordConsent(31, "granted");
    await h.lookups.requestLookup({
      applicationId: id,
      requester: parent(31),
      proof: { pin: "555222" },
    });
    const change = await moveStage(h.db, {
      applicationId: id,
      stage: "signed",
      actor: "provider:ast-school-12",
    });
    if (!change.changed) throw new Error("the stage change was not recorded");
    // The instance running the job claimed the notice and was killed before sending it.
    const jobId = noticeJobId(change.eventId, "31");
    expect(await claimNotification(h.db, change.eventId, "31", jobId)).toBe(true);
    // The sweep leaves a claim within its lease alone; the queue hands the stalled job itself to
    // a live worker (same job ID), which takes its own claim back and sends at once.
    expect(await requeueUnsent(h.notifyQueue, h.db, 0)).toBe(0);
    await h.notifyQueue.add(
      "stage-changed",
      { stageEventId: change.eventId, applicationId: id, userId: "31", language: "kk" },
      { jobId },
    );
    await waitUntil(() => sent.length === 1);
    expect(sent).toEqual([{ userId: "31", stage: "signed" }]);
    await waitForIdle(h.notifyQueue);
    const claim = await h.db
      .selectFrom("stage_notification")
      .select("delivered_at")
      .where("stage_event_id", "=", change.eventId)
      .executeTakeFirstOrThrow();
    expect(claim.delivered_at).not.toBeNull();
  });
});

/**
 * Waits until no notice is waiting, delayed or running (each one queued was handled); the
 * outbox sweep's own scheduled job is not a notice.
 */
async function waitForIdle(queue: StatusHarness["notifyQueue"], timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const jobs = await queue.getJobs(["waiting", "delayed", "active", "prioritized"]);
    const notices = jobs.filter((job) => job.name === "stage-changed");
    if (notices.length === 0) return;
    if (Date.now() > deadline) throw new Error(`notices still queued: ${notices.length}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function waitUntil(condition: () => boolean, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
