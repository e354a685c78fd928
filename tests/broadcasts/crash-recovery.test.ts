import { type ChildProcess, fork } from "node:child_process";
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { campaignProgress, getCampaign } from "../../src/broadcasts/campaigns.ts";
import {
  createTestDb,
  type Harness,
  receivedBy,
  startHarness,
  subscribeParents,
  waitFor,
} from "../support/broadcasts.ts";
import { startTestRedis, type TestRedis } from "../support/redis-server.ts";

const admin = { role: "admin" as const, providerId: null };
const texts = {
  textKk: "Еске салу: құжаттарды тапсыру мерзімі жақындады.",
  textRu: "Напоминание: срок подачи документов близко.",
};

/** Forks the send-worker fixture; resolves on its first message ("ready", or "loaded" in standby). */
function startWorkerProcess(args: string[]): Promise<ChildProcess> {
  const child = fork(new URL("./fixtures/send-worker-process.ts", import.meta.url).pathname, args, {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  return new Promise((resolve, reject) => {
    child.once("message", () => resolve(child));
    child.once("exit", (code) => reject(new Error(`worker process exited early (${code})`)));
  });
}

/** Tells a standby fixture to start its worker; resolves once the worker is ready. */
function startStandby(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    child.once("message", () => resolve());
    child.once("exit", (code) => reject(new Error(`worker process exited early (${code})`)));
    child.send("start");
  });
}

function countDuplicatesAndLost(received: Map<number, string[]>) {
  const values = [...received.entries()];
  return {
    lost: values.filter(([, m]) => m.length === 0).map(([id]) => id),
    duplicates: values.filter(([, m]) => m.length > 1).map(([id]) => id),
  };
}

describe("a campaign survives crashes", () => {
  let redis: TestRedis;
  let testDb: Awaited<ReturnType<typeof createTestDb>>;
  let harness: Harness | undefined;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    redis = await startTestRedis();
  });
  afterAll(async () => {
    await redis.stop();
  });
  afterEach(async () => {
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
    await harness?.stop();
    harness = undefined;
    await testDb.close();
  });

  it("a send worker killed with SIGKILL mid-campaign: a new one finishes with zero lost and zero duplicates", async () => {
    testDb = await createTestDb();
    const { db, file } = testDb;
    const parents = await subscribeParents(db, {
      providerId: "ast-school-12",
      count: 40,
      firstChatId: 11_000,
    });
    harness = await startHarness(db, redis.url, { sendWorker: false });
    const { server, prefix } = harness;
    const args = [file, redis.url, prefix, server.apiRoot, server.token, "10", "2"];
    // The replacement loads alongside the first worker and waits, so that a slow machine's
    // process start is not counted inside the campaign.
    const [first, replacement] = await Promise.all([
      startWorkerProcess(args),
      startWorkerProcess([...args, "standby"]),
    ]);
    children.push(first, replacement);
    // A 429 holds every send for 2 s: the worker is killed inside that hold, with jobs active
    // (their locks must expire and be taken over) and no request on the wire.
    server.faults.set({ rate429: { everyNth: 12, retryAfter: 2 }, methods: ["sendMessage"] });
    const campaign = await harness.runtime.service.create(admin, { scope: "all", ...texts });
    await waitFor(() => server.stats.tooManyRequestsByFault > 0 || undefined);
    await new Promise((r) => setTimeout(r, 400));
    const killed = new Promise((resolve) => first.once("exit", resolve));
    first.kill("SIGKILL");
    await killed;
    server.faults.clear();
    const atKill = server.stats.messagesSent;
    expect(atKill).toBeLessThan(parents.length);
    await startStandby(replacement);

    await waitFor(async () => (await getCampaign(db, campaign.id))?.status === "completed", 15_000);
    expect(countDuplicatesAndLost(receivedBy(server, parents))).toEqual({
      lost: [],
      duplicates: [],
    });
    expect((await campaignProgress(db, campaign.id)).sent).toBe(parents.length);
    // Two tsx process starts come before the campaign: on a loaded machine they alone can take
    // most of the default 20 s, and they are not what is tested (the waits above are).
  }, 60_000);

  it("Redis restarted mid-campaign, and later its broadcast keys lost: zero lost and zero duplicates", async () => {
    testDb = await createTestDb();
    const { db } = testDb;
    const parents = await subscribeParents(db, {
      providerId: "ast-school-45",
      count: 60,
      firstChatId: 12_000,
    });
    harness = await startHarness(db, redis.url, { runtime: { ratePerSecond: 20 } });
    const { server, prefix } = harness;
    const campaign = await harness.runtime.service.create(admin, { scope: "all", ...texts });

    await waitFor(() => server.stats.messagesSent >= 15 || undefined);
    await redis.restart(300);
    await waitFor(() => server.stats.messagesSent >= 35 || undefined, 15_000);
    // Redis comes back empty-handed for our queues: SQLite still knows who is owed a message.
    const wipe = new Redis(redis.url);
    const keys = await wipe.keys(`${prefix}:broadcast-send:*`);
    if (keys.length > 0) await wipe.del(...keys);
    await wipe.quit();
    expect(server.stats.messagesSent).toBeLessThan(parents.length);

    await waitFor(async () => (await getCampaign(db, campaign.id))?.status === "completed", 20_000);
    expect(countDuplicatesAndLost(receivedBy(server, parents))).toEqual({
      lost: [],
      duplicates: [],
    });
  });
});
