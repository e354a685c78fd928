// npm run bench:status [-- --lookups 20000 --external-lookups 5000 --in-flight 500]
//                       [-- --database postgres]  (the registry phase on PostgreSQL too)
//
// Lookups/s and p50/p99 from request to delivered answer through the status-lookup queue:
// (1) from the registry alone, (2) with a simulated information system at 300 ms latency and
// 5% errors. Counts lost answers (none within 30 s), wrong answers, and duplicates (a job
// completed twice or a request answered twice).
//
// Topology as in production: this process is the producer (the bot or the console adding jobs
// and waiting for answers); the worker runs in its own process (the app); the simulated
// information system in a third. Each phase gets its own redis-server keys and SQLite file.

import { type ChildProcess, fork } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { generateApplicationId } from "../src/applications/id.ts";
import { createStatusLookups } from "../src/applications/lookups.ts";
import { createRegistryOperations, stageRulesOf } from "../src/applications/registry-operations.ts";
import { type Config, loadConfig } from "../src/config.ts";
import { migrateToLatest, openDatabase } from "../src/db/database.ts";
import { startLocalRedis } from "../src/infra/local-redis.ts";
import { createClientConnection } from "../src/infra/redis.ts";
import { loadCatalogue } from "../src/knowledge/catalogue.ts";
import { createLogger } from "../src/logger.ts";
import { createAdapters } from "../src/workers/status.ts";
import { startStatusLookupWorker } from "../src/workers/status-lookup.ts";
import { createNotifyQueue } from "../src/workers/status-notify.ts";
import { startInformationSystem } from "../tests/support/information-system.ts";
import { startTestPostgres } from "../tests/support/postgres-server.ts";
import { freePort } from "../tests/support/redis-server.ts";
import { runNoopProducer, startNoopWorker } from "./anchors/bullmq-noop.ts";

const self = fileURLToPath(import.meta.url);
const ANSWER_TIMEOUT_MS = 30_000;

function benchConfig(env: Record<string, string>): Config {
  return loadConfig({
    NODE_ENV: "production",
    // Production refuses to start on the published example secrets.
    SESSION_SECRET: "bench-session-secret-0123456789abcdef",
    PHONE_HASH_SECRET: "bench-phone-hash-secret-0123456789abcdef",
    LOG_LEVEL: "silent",
    // Every lookup here is a distinct application: the cache would only hide the path measured.
    STATUS_CACHE_TTL_SECONDS: "0",
    STATUS_USER_LOOKUPS_PER_MINUTE: "1000000",
    STATUS_ID_LOOKUPS_PER_MINUTE: "1000000",
    STATUS_UNKNOWN_IDS_PER_HOUR: "1000000",
    INFORMATION_SYSTEM_TIMEOUT_MS: "2000",
    INFORMATION_SYSTEM_RETRIES: "1",
    ...env,
  });
}

/** Child role "worker": the app's status-lookup worker, stopped by a "stop" message. */
async function runWorker(env: Record<string, string>, prefix: string) {
  const config = benchConfig(env);
  const logger = createLogger(config);
  const redisUrl = config.REDIS_URL as string;
  const db = await openDatabase(config.DATABASE_URL ?? config.DATABASE_PATH);
  const redis = createClientConnection(redisUrl);
  const lookups = createStatusLookups({ db, redis, redisUrl, config, logger, prefix });
  const catalogue = await loadCatalogue(config.KNOWLEDGE_DIR);
  const worker = startStatusLookupWorker({
    db,
    redis,
    redisUrl,
    config,
    logger,
    prefix,
    adapters: createAdapters(config, () => catalogue.informationSystems),
    registry: createRegistryOperations({
      db,
      logger,
      stageRules: stageRulesOf(() => catalogue),
      redis,
      prefix,
      notifyQueue: createNotifyQueue(redis, prefix),
    }),
  });
  await worker.worker.waitUntilReady();
  // A job completed twice would show here twice: this is the only worker process.
  const completions = new Map<string, number>();
  worker.worker.on("completed", (job) => {
    const id = job.id as string;
    completions.set(id, (completions.get(id) ?? 0) + 1);
  });
  process.on("message", async (message) => {
    if (message !== "stop") return;
    process.send?.({ completedTwice: [...completions.values()].filter((n) => n > 1).length });
    await worker.close();
    await lookups.close();
    redis.disconnect();
    await db.destroy();
    process.exit(0);
  });
  process.send?.("ready");
}

/** Child role "noop-worker": the anchor's worker, in its own process like the app's. */
async function runNoopWorker(redisUrl: string, prefix: string) {
  const worker = startNoopWorker(redisUrl, prefix, 100);
  await worker.ready();
  process.on("message", async (message) => {
    if (message !== "stop") return;
    await worker.close();
    process.exit(0);
  });
  process.send?.("ready");
}

/** The anchor phase: BullMQ no-op jobs, same queue options, same lookups in flight. */
async function runAnchorPhase(redisUrl: string, count: number, inFlight: number) {
  const prefix = `noop${randomUUID().slice(0, 6)}`;
  const worker = child(["noop-worker", redisUrl, prefix]);
  await worker.first;
  const result = await runNoopProducer(redisUrl, prefix, count, inFlight);
  const exited = new Promise((resolve) => worker.process.once("exit", resolve));
  worker.process.send("stop");
  await exited;
  return result;
}

/** Child role "information-system": answers every ref, 300 ms late, 5% HTTP 503. */
async function runInformationSystem() {
  const system = await startInformationSystem({
    latencyMs: 300,
    errorRate: 0.05,
    defaultRecord: { status: "REGISTERED", updatedAt: "2026-11-20T05:00:00.000Z" },
  });
  process.on("message", async (message) => {
    if (message === "count") process.send?.({ requests: system.totalRequests() });
    if (message === "stop") {
      await system.close();
      process.exit(0);
    }
  });
  process.send?.({ url: system.url });
}

function child(args: string[]): { process: ChildProcess; first: Promise<unknown> } {
  const proc = fork(self, args, {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  return { process: proc, first: new Promise((resolve) => proc.once("message", resolve)) };
}

interface PhaseResult {
  phase: string;
  lookups: number;
  seconds: number;
  perSecond: number;
  p50ms: number;
  p99ms: number;
  maxMs: number;
  found: number;
  unavailable: number;
  wrong: number;
  lost: number;
  duplicates: number;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

async function runPhase(
  dir: string,
  redisUrl: string,
  phase: string,
  count: number,
  inFlight: number,
  external?: string,
  databaseUrl?: string,
): Promise<PhaseResult> {
  const prefix = `bench${randomUUID().slice(0, 6)}`;
  const env: Record<string, string> = {
    REDIS_URL: redisUrl,
    DATABASE_PATH: path.join(dir, `${prefix}.sqlite`),
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    STATUS_LOOKUP_CONCURRENCY: external ? "700" : "100",
    ...(external ? { INFORMATION_SYSTEMS: `Bilimal=${external}` } : {}),
  };
  const config = benchConfig(env);
  const logger = createLogger(config);
  const db = await openDatabase(config.DATABASE_URL ?? config.DATABASE_PATH);
  await migrateToLatest(db);
  const ids = Array.from({ length: count }, () => generateApplicationId());
  const now = new Date().toISOString();
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < ids.length; i += 500) {
      await trx
        .insertInto("application")
        .values(
          ids.slice(i, i + 500).map((id, j) => ({
            id,
            service_id: "home_schooling",
            provider_id: "ast-school-12",
            channel: "egov_portal",
            submitted_at: now,
            deadline: "2099-12-31",
            stage: "registered",
            stage_at: now,
            refusal_ground: null,
            phone_hash: null,
            pin_hash: null,
            external_system: external ? "Bilimal" : null,
            external_ref: external ? `B-${i + j}` : null,
            updated_at: now,
          })),
        )
        .execute();
    }
  });
  const worker = child(["worker", JSON.stringify(env), prefix]);
  await worker.first;

  const redis = createClientConnection(redisUrl);
  const lookups = createStatusLookups({ db, redis, redisUrl, config, logger, prefix });
  const latencies: number[] = [];
  const answersPerRequest = new Array<number>(count).fill(0);
  let found = 0;
  let unavailable = 0;
  let wrong = 0;
  let lost = 0;
  let next = 0;
  const started = performance.now();
  async function client() {
    while (next < count) {
      const index = next++;
      const id = ids[index] as string;
      const t0 = performance.now();
      const request = await lookups.requestLookup({
        applicationId: id,
        requester: { kind: "operator", operatorId: `bench-${index % 1000}` },
      });
      if (!request.ok) {
        wrong++;
        continue;
      }
      const answer = await lookups.waitForResult(request.jobId, ANSWER_TIMEOUT_MS);
      answersPerRequest[index] = (answersPerRequest[index] ?? 0) + 1;
      latencies.push(performance.now() - t0);
      if (answer.outcome === "found") {
        if (answer.status.applicationId === id) found++;
        else wrong++;
      } else if (answer.outcome === "pending") lost++;
      else if (answer.outcome === "unavailable") unavailable++;
      else wrong++;
    }
  }
  await Promise.all(Array.from({ length: inFlight }, client));
  const seconds = (performance.now() - started) / 1000;
  await new Promise((resolve) => setTimeout(resolve, 500));
  const exited = new Promise((resolve) => worker.process.once("exit", resolve));
  const report = new Promise<{ completedTwice: number }>((resolve) =>
    worker.process.once("message", (message) => resolve(message as { completedTwice: number })),
  );
  worker.process.send("stop");
  const { completedTwice } = await report;
  await exited;
  const duplicates = completedTwice + answersPerRequest.filter((n) => n > 1).length;

  await lookups.close();
  redis.disconnect();
  await db.destroy();

  latencies.sort((a, b) => a - b);
  return {
    phase,
    lookups: count,
    seconds: Number(seconds.toFixed(2)),
    perSecond: Math.round(count / seconds),
    p50ms: Math.round(percentile(latencies, 50)),
    p99ms: Math.round(percentile(latencies, 99)),
    maxMs: Math.round(latencies.at(-1) ?? 0),
    found,
    unavailable,
    wrong,
    lost,
    duplicates,
  };
}

async function main() {
  const { values } = parseArgs({
    options: {
      lookups: { type: "string", default: "20000" },
      "external-lookups": { type: "string", default: "5000" },
      "in-flight": { type: "string", default: "500" },
      /** Skip the information-system phase (`npm run bench` measures the registry and anchor). */
      "registry-only": { type: "boolean", default: false },
      /** `postgres`: the registry phase again on a PostgreSQL server of its own, side by side. */
      database: { type: "string", default: "sqlite" },
    },
  });
  const dir = await mkdtemp(path.join(os.tmpdir(), "qoldau-bench-status-"));
  const redisServer = await startLocalRedis({
    dataDir: path.join(dir, "redis"),
    port: await freePort(),
  });
  const system = child(["information-system"]);
  const { url: systemUrl } = (await system.first) as { url: string };
  try {
    const inFlight = Number(values["in-flight"]);
    const results = [
      await runPhase(dir, redisServer.url, "registry", Number(values.lookups), inFlight),
    ];
    console.log(`registry: ${results[0]?.perSecond} lookups/s; now the anchor`);
    if (values.database === "postgres") {
      const postgres = await startTestPostgres();
      try {
        const url = await postgres.createDatabase();
        results.push(
          await runPhase(
            dir,
            redisServer.url,
            "registry on PostgreSQL",
            Number(values.lookups),
            inFlight,
            undefined,
            url,
          ),
        );
      } catch (error) {
        console.error("the PostgreSQL phase failed:", error);
        throw error;
      } finally {
        await postgres.stop();
      }
    }
    const anchor = await runAnchorPhase(redisServer.url, Number(values.lookups), inFlight);
    if (!values["registry-only"])
      results.push(
        await runPhase(
          dir,
          redisServer.url,
          "external 300 ms, 5% errors",
          Number(values["external-lookups"]),
          Math.max(inFlight, 600),
          systemUrl,
        ),
      );
    console.table(results);
    system.process.send("count");
    const { requests } = (await new Promise((resolve) =>
      system.process.once("message", resolve),
    )) as {
      requests: number;
    };
    console.log(`information system: ${requests} requests (5% answered 503 and were retried)`);
    const registry = results[0] as PhaseResult;
    const ratio = registry.perSecond / anchor.perSecond;
    console.log(
      `\nbench:status, registry lookups vs BullMQ no-op jobs (same options, ${inFlight} in flight); load ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(" ")}`,
    );
    console.log(
      `lookups/s   Qoldau ${registry.perSecond}   anchor ${Math.round(anchor.perSecond)}   ratio ${ratio.toFixed(2)} (target ≥ 0.75)`,
    );
    console.log(`p99         Qoldau ${registry.p99ms} ms   anchor ${Math.round(anchor.p99ms)} ms`);
    const onPostgres = results.find((r) => r.phase === "registry on PostgreSQL");
    if (onPostgres)
      console.log(
        `PostgreSQL  ${onPostgres.perSecond} lookups/s (${(onPostgres.perSecond / registry.perSecond).toFixed(2)} of SQLite's ${registry.perSecond}), p99 ${onPostgres.p99ms} ms vs ${registry.p99ms} ms, lost ${onPostgres.lost}, duplicates ${onPostgres.duplicates}`,
      );
    console.log(
      `BENCH_JSON ${JSON.stringify({ bench: "status", rows: [{ what: "status, registry lookups (/s)", qoldau: registry.perSecond, anchor: anchor.perSecond, ratio, lowerIsBetter: false }] })}`,
    );
    const ok =
      results.every((r) => r.lost === 0 && r.duplicates === 0 && r.wrong === 0) &&
      registry.perSecond >= 1000;
    console.log(
      ok
        ? "targets met: 0 lost, 0 duplicates, >= 1000 lookups/s from the registry"
        : "TARGETS MISSED",
    );
    process.exitCode = ok ? 0 : 1;
  } finally {
    system.process.send("stop");
    await redisServer.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

const [role, ...rest] = process.argv.slice(2);
if (role === "worker") await runWorker(JSON.parse(rest[0] as string), rest[1] as string);
else if (role === "information-system") await runInformationSystem();
else if (role === "noop-worker") await runNoopWorker(rest[0] as string, rest[1] as string);
else await main();
