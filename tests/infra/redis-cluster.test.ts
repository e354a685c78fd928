import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateApplicationId } from "../../src/applications/id.ts";
import { saveApplication } from "../../src/applications/registry.ts";
import { createSessionStorage } from "../../src/bot/session-storage.ts";
import { duplicateConnection } from "../../src/infra/redis.ts";
import { createUserRepository } from "../../src/users/repository.ts";
import { buildApp } from "../support/app.ts";
import { ConsoleClient } from "../support/console-client.ts";
import { startTestRedisCluster, type TestRedisCluster } from "../support/redis-cluster.ts";

const run = promisify(execFile);

let cluster: TestRedisCluster;
let app: Awaited<ReturnType<typeof buildApp>>;
const operator = {
  email: "op@qoldau.test",
  password: "operator-pass-1",
  role: "operator",
} as const;

beforeAll(async () => {
  cluster = await startTestRedisCluster();
  // The whole app on the cluster: every queue, job scheduler and subscriber of `npm start`.
  app = await buildApp(cluster.url, {
    STATUS_USER_LOOKUPS_PER_MINUTE: "2",
    CONSOLE_LOGIN_FAILURES_PER_ACCOUNT: "2",
  });
  await createUserRepository(app.deps.db).create(operator);
}, 60_000);

afterAll(async () => {
  await app?.close();
  await cluster?.stop();
});

/** The nodes holding keys that match `pattern`, with how many each holds. */
async function nodesHolding(pattern: string): Promise<number[]> {
  const counts: number[] = [];
  for (const port of cluster.ports) {
    const { stdout } = await run("redis-cli", ["-p", String(port), "--scan", "--pattern", pattern]);
    const keys = stdout.split("\n").filter((line) => line !== "");
    if (keys.length > 0) counts.push(keys.length);
  }
  return counts;
}

describe("on a Redis Cluster of three redis-server processes", () => {
  it("answers a status lookup through the BullMQ queue and stops a parent at the per-minute limit", async () => {
    const lookups = app.deps.statusLookups;
    const id = generateApplicationId();
    await saveApplication(app.deps.db, app.deps.config.PHONE_HASH_SECRET, {
      id,
      serviceId: "home_schooling",
      providerId: "ast-school-12",
      channel: "egov_portal",
      submittedAt: "2026-11-20T05:00:00.000Z",
      deadline: "2099-12-31",
      stage: "assigned",
      refusalGround: null,
      phone: "+7 701 555 1234",
      pin: null,
      externalSystem: null,
      externalRef: null,
      actor: "provider:ast-school-12",
    });
    await lookups.recordConsent(7001, "granted");
    const requester = { kind: "telegram" as const, userId: 7001, language: "kk" };

    const first = await lookups.requestLookup({
      applicationId: id,
      requester,
      proof: { phone: "87015551234" },
    });
    if (!first.ok) throw new Error(`lookup refused: ${first.reason}`);
    const answer = await lookups.waitForResult(first.jobId, 10_000);
    expect(answer).toMatchObject({ outcome: "found", view: "detailed" });
    if (answer.outcome !== "found" || answer.view !== "detailed") throw new Error("no details");
    expect(answer.status.stage).toBe("assigned");

    // The queue's keys and the status rate limits share the `{bull}` tag: one slot, one node.
    expect(lookups.prefix).toBe("{bull}");
    expect(await nodesHolding("{bull}:status-lookup:*")).toHaveLength(1);

    expect(await lookups.requestLookup({ applicationId: id, requester })).toMatchObject({
      ok: true,
    });
    expect(await lookups.requestLookup({ applicationId: id, requester })).toMatchObject({
      ok: false,
      reason: "rate_limited",
    });
  });

  it("keeps a console sign-in in a Redis session and locks an account after wrong passwords", async () => {
    const client = new ConsoleClient(app.url);
    const signedIn = await client.login(operator.email, operator.password);
    expect(signedIn.headers.get("location")).toBe("/console/search");
    expect((await client.get("/console/search")).status).toBe(200);
    expect(await nodesHolding("qoldau:console:session:*")).not.toHaveLength(0);

    const guesser = new ConsoleClient(app.url);
    const statuses: number[] = [];
    for (let i = 0; i < 3; i += 1)
      statuses.push((await guesser.login(operator.email, `wrong-${i}`)).status);
    expect(statuses).toEqual([401, 401, 429]);
  });

  it("writes and reads a bot session on an auto-pipelined copy of the connection", async () => {
    const redis = duplicateConnection(app.deps.redis, { enableAutoPipelining: true });
    try {
      const storage = createSessionStorage<{ language: string }>(redis, 60);
      const keys = Array.from({ length: 20 }, (_, i) => `qoldau:session:cluster-${i}`);
      await Promise.all(
        keys.map((key, i) => storage.write(key, { language: i % 2 ? "ru" : "kk" })),
      );
      const read = await Promise.all(keys.map((key) => storage.read(key)));
      expect(read.map((session) => session?.language)).toEqual(
        keys.map((_, i) => (i % 2 ? "ru" : "kk")),
      );
      // Single-key sessions spread over the nodes: nothing pins them to one slot.
      expect((await nodesHolding("qoldau:session:cluster-*")).length).toBeGreaterThan(1);
    } finally {
      redis.disconnect();
    }
  });
});
