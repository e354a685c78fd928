// npm run bench:status [-- --lookups 20000 --external-lookups 5000 --in-flight 500]
//                       [-- --database postgres]  (the registry phase on PostgreSQL too)
//                       [-- --repeats 3]  (registry/anchor pairs in turn; the median ratio)
//                       [-- --cpu-prof <dir>]  (the worker children's CPU profiles)
//
// Lookups/s and p50/p99 from request to delivered answer through the status-lookup queue:
// (1) from the registry alone, (2) with a simulated information system at 300 ms latency and
// 5% errors. Counts lost answers (none within 30 s), wrong answers, and duplicates (a job
// completed twice or a request answered twice). Prints the CPU per lookup of the producer, the
// worker and redis-server for Qoldau and the anchor: on a shared machine the steadier figure.
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
import type { Config } from "../src/config.ts";
import { startInformationSystem } from "../tests/support/information-system.ts";
import { startTestPostgres } from "../tests/support/postgres-server.ts";
import { freePort } from "../tests/support/redis-server.ts";
import { runNoopProducer, startNoopWorker } from "./anchors/bullmq-noop.ts";
import { ownCpuMs, redisCpuMs } from "./support/cpu.ts";
import { fromDist } from "./support/dist.ts";
import { startScriptNodeFlags } from "./support/node-flags.ts";

const self = fileURLToPath(import.meta.url);

/**
 * The app's code as production runs it (compiled, `dist/`), loaded by the roles that run it: the
 * producer (`main`) and the app's worker. The anchor's worker and the information system do not
 * carry the app's modules, as a bare BullMQ worker would not.
 */
async function loadApp() {
  return {
    ...(await fromDist<typeof import("../src/applications/id.ts")>("applications/id.js")),
    ...(await fromDist<typeof import("../src/applications/lookups.ts")>("applications/lookups.js")),
    ...(await fromDist<typeof import("../src/config.ts")>("config.js")),
    ...(await fromDist<typeof import("../src/db/database.ts")>("db/database.js")),
    ...(await fromDist<typeof import("../src/infra/local-redis.ts")>("infra/local-redis.js")),
    ...(await fromDist<typeof import("../src/infra/redis.ts")>("infra/redis.js")),
    ...(await fromDist<typeof import("../src/knowledge/catalogue.ts")>("knowledge/catalogue.js")),
    ...(await fromDist<typeof import("../src/logger.ts")>("logger.js")),
    ...(await fromDist<typeof import("../src/workers/status.ts")>("workers/status.js")),
  };
}
/** Set by the roles that run the app's code, before they start (below). */
let app: Awaited<ReturnType<typeof loadApp>>;
const ANSWER_TIMEOUT_MS = 30_000;

function benchConfig(env: Record<string, string>): Config {
  return app.loadConfig({
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

/** What a worker child reports when stopped: its CPU while it worked, and jobs completed twice. */
interface WorkerReport {
  cpuMs: number;
  completedTwice: number;
}

/** Child role "worker": the app's status-lookup worker alone, stopped by a "stop" message. */
async function runWorker(env: Record<string, string>, prefix: string) {
  const config = benchConfig(env);
  const worker = app.startLookupWorkerAlone({
    config,
    logger: app.createLogger(config),
    db: await app.openDatabase(config.DATABASE_URL ?? config.DATABASE_PATH),
    redisUrl: config.REDIS_URL as string,
    prefix,
    catalogue: await app.loadCatalogue(config.KNOWLEDGE_DIR),
  });
  await worker.worker.waitUntilReady();
  // A job completed twice would show here twice: this is the only worker process.
  const completions = new Map<string, number>();
  worker.worker.on("completed", (job) => {
    const id = job.id as string;
    completions.set(id, (completions.get(id) ?? 0) + 1);
  });
  const cpuAtReady = ownCpuMs();
  process.on("message", async (message) => {
    if (message !== "stop") return;
    const report: WorkerReport = {
      cpuMs: ownCpuMs() - cpuAtReady,
      completedTwice: [...completions.values()].filter((n) => n > 1).length,
    };
    process.send?.(report);
    await worker.close();
    process.exit(0);
  });
  process.send?.("ready");
}

/** Child role "noop-worker": the anchor's worker, in its own process like the app's. */
async function runNoopWorker(redisUrl: string, prefix: string) {
  const worker = startNoopWorker(redisUrl, prefix, 100);
  await worker.ready();
  const cpuAtReady = ownCpuMs();
  process.on("message", async (message) => {
    if (message !== "stop") return;
    const report: WorkerReport = { cpuMs: ownCpuMs() - cpuAtReady, completedTwice: 0 };
    process.send?.(report);
    await worker.close();
    process.exit(0);
  });
  process.send?.("ready");
}

/** Stops a worker child and returns its report once it has exited. */
async function stopWorker(worker: { process: ChildProcess }): Promise<WorkerReport> {
  const exited = new Promise((resolve) => worker.process.once("exit", resolve));
  const report = new Promise<WorkerReport>((resolve) =>
    worker.process.once("message", (message) => resolve(message as WorkerReport)),
  );
  worker.process.send("stop");
  const result = await report;
  await exited;
  return result;
}

/** CPU per lookup in ms: this process (the producer), the worker's, redis-server's, and all. */
interface CpuPerLookup {
  producer: number;
  worker: number;
  redis: number;
  total: number;
}

function perLookup(count: number, producer: number, worker: number, redis: number): CpuPerLookup {
  const round = (ms: number) => Number((ms / count).toFixed(3));
  return {
    producer: round(producer),
    worker: round(worker),
    redis: round(redis),
    total: round(producer + worker + redis),
  };
}

/** The anchor phase: BullMQ no-op jobs, same queue options, same lookups in flight. */
async function runAnchorPhase(redisUrl: string, count: number, inFlight: number) {
  const prefix = `noop${randomUUID().slice(0, 6)}`;
  const worker = child(["noop-worker", redisUrl, prefix]);
  await worker.first;
  const producerAt = ownCpuMs();
  const redisAt = await redisCpuMs(redisUrl);
  const result = await runNoopProducer(redisUrl, prefix, count, inFlight);
  const producer = ownCpuMs() - producerAt;
  const redis = (await redisCpuMs(redisUrl)) - redisAt;
  const report = await stopWorker(worker);
  return { ...result, cpu: perLookup(count, producer, report.cpuMs, redis) };
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

/** `--cpu-prof <dir>`: the worker children write CPU profiles there (run the producer with node --cpu-prof). */
const profileDir = (() => {
  const at = process.argv.indexOf("--cpu-prof");
  return at > 0 ? process.argv[at + 1] : undefined;
})();

function child(args: string[]): { process: ChildProcess; first: Promise<unknown> } {
  const proc = fork(self, args, {
    execArgv: [
      "--import",
      "tsx",
      ...startScriptNodeFlags(),
      ...(profileDir ? ["--cpu-prof", "--cpu-prof-dir", profileDir] : []),
    ],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const first = new Promise((resolve, reject) => {
    proc.once("message", resolve);
    proc.once("exit", (code) => reject(new Error(`bench child ${args[0]} exited with ${code}`)));
  });
  return { process: proc, first };
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
  cpu: CpuPerLookup;
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
  const logger = app.createLogger(config);
  const db = await app.openDatabase(config.DATABASE_URL ?? config.DATABASE_PATH);
  await app.migrateToLatest(db);
  const ids = Array.from({ length: count }, () => app.generateApplicationId());
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

  const redis = app.createClientConnection(redisUrl);
  const lookups = app.createStatusLookups({ db, redis, redisUrl, config, logger, prefix });
  const latencies: number[] = [];
  const answersPerRequest = new Array<number>(count).fill(0);
  let found = 0;
  let unavailable = 0;
  let wrong = 0;
  let lost = 0;
  let next = 0;
  const producerAt = ownCpuMs();
  const redisAt = await redisCpuMs(redisUrl);
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
  const producer = ownCpuMs() - producerAt;
  const redisCpu = (await redisCpuMs(redisUrl)) - redisAt;
  await new Promise((resolve) => setTimeout(resolve, 500));
  const report = await stopWorker(worker);
  const duplicates = report.completedTwice + answersPerRequest.filter((n) => n > 1).length;

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
    cpu: perLookup(count, producer, report.cpuMs, redisCpu),
  };
}

async function main() {
  const { values } = parseArgs({
    options: {
      lookups: { type: "string", default: "20000" },
      "external-lookups": { type: "string", default: "5000" },
      "in-flight": { type: "string", default: "500" },
      /**
       * Registry and anchor phases taken in turn this many times (the order swapped every other
       * pair): on a shared machine only a ratio from neighbouring phases means anything.
       */
      repeats: { type: "string", default: "1" },
      "cpu-prof": { type: "string" },
      /** Skip the information-system phase (`npm run bench` measures the registry and anchor). */
      "registry-only": { type: "boolean", default: false },
      /** `postgres`: the registry phase again on a PostgreSQL server of its own, side by side. */
      database: { type: "string", default: "sqlite" },
    },
  });
  const dir = await mkdtemp(path.join(os.tmpdir(), "qoldau-bench-status-"));
  const redisServer = await app.startLocalRedis({
    dataDir: path.join(dir, "redis"),
    port: await freePort(),
  });
  const system = child(["information-system"]);
  const { url: systemUrl } = (await system.first) as { url: string };
  try {
    const inFlight = Number(values["in-flight"]);
    const count = Number(values.lookups);
    const pairs: { registry: PhaseResult; anchor: Awaited<ReturnType<typeof runAnchorPhase>> }[] =
      [];
    for (let i = 0; i < Number(values.repeats); i++) {
      const anchorFirst = i % 2 === 1;
      const before = anchorFirst
        ? await runAnchorPhase(redisServer.url, count, inFlight)
        : undefined;
      const registry = await runPhase(dir, redisServer.url, "registry", count, inFlight);
      const anchor = before ?? (await runAnchorPhase(redisServer.url, count, inFlight));
      pairs.push({ registry, anchor });
      console.log(
        `pair ${i + 1}: registry ${registry.perSecond}/s, ${registry.cpu.total} ms CPU per lookup; anchor ${Math.round(anchor.perSecond)}/s, ${anchor.cpu.total} ms; ratio ${(registry.perSecond / anchor.perSecond).toFixed(2)}, CPU ratio ${(anchor.cpu.total / registry.cpu.total).toFixed(2)}`,
      );
    }
    const results = pairs.map((pair) => pair.registry);
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
    console.table(results.map(({ cpu, ...row }) => ({ ...row, "CPU ms/lookup": cpu.total })));
    system.process.send("count");
    const { requests } = (await new Promise((resolve) =>
      system.process.once("message", resolve),
    )) as {
      requests: number;
    };
    console.log(`information system: ${requests} requests (5% answered 503 and were retried)`);
    const median = (values: number[]) => {
      const sorted = [...values].sort((a, b) => a - b);
      const middle = Math.floor(sorted.length / 2);
      return sorted.length % 2
        ? (sorted[middle] as number)
        : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
    };
    const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
    // The pair with the median ratio stands for the run; every pair is printed above.
    const ratios = pairs.map((pair) => pair.registry.perSecond / pair.anchor.perSecond);
    const ratio = median(ratios);
    const registry = {
      ...(pairs[0]?.registry as PhaseResult),
      perSecond: Math.round(mean(pairs.map((pair) => pair.registry.perSecond))),
      p99ms: Math.round(median(pairs.map((pair) => pair.registry.p99ms))),
    };
    const anchor = {
      perSecond: mean(pairs.map((pair) => pair.anchor.perSecond)),
      p99ms: median(pairs.map((pair) => pair.anchor.p99ms)),
    };
    const cpuOf = (cpus: CpuPerLookup[]): CpuPerLookup => ({
      producer: median(cpus.map((cpu) => cpu.producer)),
      worker: median(cpus.map((cpu) => cpu.worker)),
      redis: median(cpus.map((cpu) => cpu.redis)),
      total: median(cpus.map((cpu) => cpu.total)),
    });
    const registryCpu = cpuOf(pairs.map((pair) => pair.registry.cpu));
    const anchorCpu = cpuOf(pairs.map((pair) => pair.anchor.cpu));
    const cpuRatio = median(pairs.map((pair) => pair.anchor.cpu.total / pair.registry.cpu.total));
    console.log(
      `\nbench:status, registry lookups vs BullMQ no-op jobs (same options, ${inFlight} in flight, ${pairs.length} interleaved pair${pairs.length > 1 ? "s" : ""}); load ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(" ")}`,
    );
    console.log(
      `lookups/s   Qoldau ${registry.perSecond}   anchor ${Math.round(anchor.perSecond)}   ratio ${ratio.toFixed(2)}${pairs.length > 1 ? ` (median of ${ratios.map((r) => r.toFixed(2)).join(", ")})` : ""} (target ≥ 0.75)`,
    );
    const cpuLine = (cpu: CpuPerLookup) =>
      `${cpu.total.toFixed(3)} ms (producer ${cpu.producer.toFixed(3)}, worker ${cpu.worker.toFixed(3)}, redis ${cpu.redis.toFixed(3)})`;
    console.log(`CPU/lookup  Qoldau ${cpuLine(registryCpu)}`);
    console.log(
      `            anchor ${cpuLine(anchorCpu)}   anchor ÷ Qoldau ${cpuRatio.toFixed(2)}`,
    );
    console.log(`p99         Qoldau ${registry.p99ms} ms   anchor ${Math.round(anchor.p99ms)} ms`);
    const onPostgres = results.find((r) => r.phase === "registry on PostgreSQL");
    if (onPostgres)
      console.log(
        `PostgreSQL  ${onPostgres.perSecond} lookups/s (${(onPostgres.perSecond / registry.perSecond).toFixed(2)} of SQLite's ${registry.perSecond}), p99 ${onPostgres.p99ms} ms vs ${registry.p99ms} ms, lost ${onPostgres.lost}, duplicates ${onPostgres.duplicates}`,
      );
    console.log(
      `BENCH_JSON ${JSON.stringify({ bench: "status", rows: [{ what: "status, registry lookups (/s)", qoldau: registry.perSecond, anchor: anchor.perSecond, ratio, ...(ratios.length > 1 ? { ratioMin: Math.min(...ratios), ratioMax: Math.max(...ratios), pairs: ratios.length } : {}), lowerIsBetter: false }] })}`,
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
// A child whose bench has gone (it failed, or `npm run bench` stopped it) goes too, rather than
// reconnecting to a redis-server that is no more.
if (role) process.on("disconnect", () => process.exit(1));
if (role === "worker") {
  app = await loadApp();
  await runWorker(JSON.parse(rest[0] as string), rest[1] as string);
} else if (role === "information-system") await runInformationSystem();
else if (role === "noop-worker") await runNoopWorker(rest[0] as string, rest[1] as string);
else {
  app = await loadApp();
  await main();
}
