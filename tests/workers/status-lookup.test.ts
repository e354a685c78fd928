import { type ChildProcess, fork } from "node:child_process";
import path from "node:path";
import { QueueEvents } from "bullmq";
import { afterEach, describe, expect, it } from "vitest";
import { generateApplicationId } from "../../src/applications/id.ts";
import { renderAnswer } from "../../src/applications/render.ts";
import { createI18n } from "../../src/i18n.ts";
import { loadCatalogue } from "../../src/knowledge/catalogue.ts";
import { createLogger } from "../../src/logger.ts";
import { startLookupWorkerAlone } from "../../src/workers/status.ts";
import {
  type SimulatedInformationSystem,
  startInformationSystem,
} from "../support/information-system.ts";
import { startTestRedis, type TestRedis } from "../support/redis-server.ts";
import { startStatusHarness } from "../support/status-harness.ts";
import { testRedisUrl } from "../support/suite-redis.ts";

const sharedRedisUrl = testRedisUrl();
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function withSystem(options: { latencyMs?: number; errorRate?: number } = {}) {
  const system = await startInformationSystem(options);
  cleanups.push(() => system.close());
  return system;
}

async function withHarness(
  redisUrl: string,
  system: SimulatedInformationSystem,
  env = {},
  options = {},
) {
  const h = await startStatusHarness(
    redisUrl,
    { INFORMATION_SYSTEMS: `Bilimal=${system.url}`, INFORMATION_SYSTEM_RETRIES: "0", ...env },
    options,
  );
  cleanups.push(() => h.close());
  return h;
}

const operator = { kind: "operator" as const, operatorId: 1 };
const ru = createI18n("locales");
const t = (key: string, vars?: Record<string, string | number>) => ru.t("ru", key, vars);

describe("status-lookup worker with an information system", () => {
  it("takes the live stage from the information system and records it in the audit trail", async () => {
    const system = await withSystem();
    const h = await withHarness(sharedRedisUrl, system);
    const id = generateApplicationId();
    await h.addApplication({
      id,
      stage: "registered",
      externalSystem: "Bilimal",
      externalRef: "BLM-1",
      pin: "123456",
    });
    system.records.set("BLM-1", { status: "RESULT_READY", updatedAt: "2026-11-21T09:00:00.000Z" });
    const request = await h.lookups.requestLookup({
      applicationId: id,
      requester: operator,
      proof: { pin: "123456" },
    });
    if (!request.ok) throw new Error("refused");
    const answer = await h.lookups.waitForResult(request.jobId, 5000);
    expect(answer).toMatchObject({
      outcome: "found",
      view: "detailed",
      status: { stage: "result_prepared", state: "ready" },
    });
    const history = await h.db
      .selectFrom("application_stage")
      .select(["stage", "actor"])
      .where("application_id", "=", id)
      .orderBy("id")
      .execute();
    expect(history).toEqual([
      { stage: "registered", actor: "provider:ast-school-12" },
      { stage: "result_prepared", actor: "external:Bilimal" },
    ]);
  });

  it("ends external timeouts in a plain message that suggests 1414, after retrying", async () => {
    const system = await withSystem();
    system.hang = true;
    const h = await withHarness(sharedRedisUrl, system, { INFORMATION_SYSTEM_TIMEOUT_MS: "200" });
    const id = generateApplicationId();
    await h.addApplication({ id, externalSystem: "Bilimal", externalRef: "BLM-2" });
    const request = await h.lookups.requestLookup({ applicationId: id, requester: operator });
    if (!request.ok) throw new Error("refused");
    const answer = await h.lookups.waitForResult(request.jobId, 8000);
    expect(answer).toEqual({ outcome: "unavailable" });
    expect(system.requests.get("BLM-2")).toBe(3);
    expect(renderAnswer(t, answer)).toContain("1414");
  });

  it("ends 5xx answers in the same plain message, and recovers once the system is back", async () => {
    const system = await withSystem({ errorRate: 1 });
    const h = await withHarness(sharedRedisUrl, system);
    const id = generateApplicationId();
    await h.addApplication({ id, externalSystem: "Bilimal", externalRef: "BLM-3" });
    system.records.set("BLM-3", { status: "IN_WORK", updatedAt: "2026-11-21T09:00:00.000Z" });
    const first = await h.lookups.requestLookup({ applicationId: id, requester: operator });
    if (!first.ok) throw new Error("refused");
    expect(await h.lookups.waitForResult(first.jobId, 8000)).toEqual({ outcome: "unavailable" });
    system.errorRate = 0;
    const second = await h.lookups.requestLookup({ applicationId: id, requester: operator });
    if (!second.ok) throw new Error("refused");
    expect(await h.lookups.waitForResult(second.jobId, 8000)).toMatchObject({
      outcome: "found",
      status: { state: "in_progress" },
    });
  });
});

describe("status lookups survive infrastructure failures", () => {
  it("loses no lookup when Redis restarts mid-lookup, and the worker resumes after a long outage", async () => {
    const redis: TestRedis = await startTestRedis();
    cleanups.push(() => redis.stop());
    const system = await withSystem({ latencyMs: 600 });
    // drainDelay 1 s: an outage of 2.5 s is longer than the worker's blocking timeout,
    // the case where BullMQ < the #4585 fix never resumed.
    const h = await withHarness(
      redis.url,
      system,
      { STATUS_CACHE_TTL_SECONDS: "0" },
      { drainDelay: 1 },
    );
    expect(h.lookupWorker?.worker.opts.drainDelay).toBe(1);
    const ids = Array.from({ length: 5 }, () => generateApplicationId());
    for (const [index, id] of ids.entries()) {
      await h.addApplication({ id, externalSystem: "Bilimal", externalRef: `R-${index}` });
      system.records.set(`R-${index}`, {
        status: "IN_WORK",
        updatedAt: "2026-11-21T09:00:00.000Z",
      });
    }
    const jobIds: string[] = [];
    for (const id of ids) {
      const request = await h.lookups.requestLookup({ applicationId: id, requester: operator });
      if (!request.ok) throw new Error("refused");
      jobIds.push(request.jobId);
    }
    const answers = Promise.all(jobIds.map((jobId) => h.lookups.waitForResult(jobId, 20_000)));
    await new Promise((resolve) => setTimeout(resolve, 200));
    await redis.restart(2500);
    expect((await answers).map((answer) => answer.outcome)).toEqual([
      "found",
      "found",
      "found",
      "found",
      "found",
    ]);

    // A lookup made after the outage is still picked up.
    const later = await h.lookups.requestLookup({
      applicationId: ids[0] as string,
      requester: { kind: "operator", operatorId: 2 },
    });
    if (!later.ok) throw new Error("refused");
    expect(await h.lookups.waitForResult(later.jobId, 10_000)).toMatchObject({ outcome: "found" });
  }, 40_000);

  it("answers exactly once when the worker process is killed mid-job", async () => {
    const system = await withSystem({ latencyMs: 30_000 });
    const h = await withHarness(sharedRedisUrl, system, {}, { startWorker: false });
    const id = generateApplicationId();
    await h.addApplication({ id, externalSystem: "Bilimal", externalRef: "K-1" });
    system.records.set("K-1", { status: "SIGNED", updatedAt: "2026-11-21T09:00:00.000Z" });

    const child: ChildProcess = fork(
      path.join(import.meta.dirname, "fixtures/lookup-worker-child.ts"),
      [sharedRedisUrl, h.databaseLocation, h.prefix, `Bilimal=${system.url}`],
      { execArgv: ["--import", "tsx"], stdio: ["ignore", "ignore", "inherit", "ipc"] },
    );
    cleanups.push(async () => child.kill("SIGKILL"));
    await new Promise((resolve) =>
      child.on("message", (message: { ready?: boolean }) => message.ready && resolve(null)),
    );

    const events = new QueueEvents("status-lookup", {
      connection: { host: "127.0.0.1", port: Number(new URL(sharedRedisUrl).port) },
      prefix: h.prefix,
    });
    cleanups.push(() => events.close());
    await events.waitUntilReady();
    const completions: string[] = [];
    events.on("completed", ({ jobId }) => completions.push(jobId));

    const request = await h.lookups.requestLookup({ applicationId: id, requester: operator });
    if (!request.ok) throw new Error("refused");
    const answers: unknown[] = [];
    const answered = h.lookups
      .waitForResult(request.jobId, 20_000)
      .then((answer) => answers.push(answer));

    // Kill the worker while it waits on the information system.
    const deadline = Date.now() + 10_000;
    while (system.totalRequests() === 0 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(system.totalRequests()).toBe(1);
    child.kill("SIGKILL");
    system.latencyMs = 0;

    // The one that takes over is built as the killed one was.
    const rescuer = startLookupWorkerAlone(
      {
        config: h.config,
        logger: createLogger(h.config),
        db: h.db,
        redisUrl: sharedRedisUrl,
        prefix: h.prefix,
        catalogue: await loadCatalogue("knowledge"),
      },
      { lockDuration: 1000, stalledInterval: 500 },
    );
    cleanups.push(() => rescuer.close());
    await answered;
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(answers).toEqual([
      { outcome: "found", view: "coarse", status: expect.objectContaining({ state: "ready" }) },
    ]);
    expect(completions.filter((jobId) => jobId === request.jobId)).toHaveLength(1);
    expect(system.totalRequests()).toBe(2);
    // A tsx process start comes first: on a loaded machine it alone can take most of 30 s, and
    // it is not what is tested (the waits above are).
  }, 60_000);
});
