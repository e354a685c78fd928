/**
 * `npm run bench:startup [-- --runs 5]`: cold start to a 200 from `/healthz` and the resident
 * memory 3 s after start, of Qoldau (`dist/main.js` as `npm start` runs it, built first when
 * stale; bot off, against a redis-server already running, a fresh SQLite file each run), of
 * Qoldau under tsx (`src/main.ts`, as in development) and of the anchor, a bare Fastify server
 * under tsx (`bench/anchors/bare-fastify.ts`). Runs alternate so all see the same load.
 * The resident memory is read 3 s after start, or 2 s after the first 200 when that is later:
 * idle, after the start's own work (Qoldau builds its search index 0.5 s after listening).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { buildIfStale } from "../scripts/build.mjs";
import { freePort, startTestRedis } from "../tests/support/redis-server.ts";
import { startScriptNodeFlags } from "./support/node-flags.ts";

const { values } = parseArgs({ options: { runs: { type: "string", default: "5" } } });
const runs = Number(values.runs);

interface Sample {
  readyMs: number;
  rssMb: number;
}

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

async function stop(child: ChildProcess) {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}

async function measure(args: string[], env: Record<string, string>): Promise<Sample> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...env, HOST: "127.0.0.1", PORT: String(port) },
    stdio: ["ignore", "ignore", "inherit"],
  });
  try {
    let readyMs = 0;
    while (!readyMs) {
      if (child.exitCode !== null) throw new Error(`${args.join(" ")} exited ${child.exitCode}`);
      if (performance.now() - started > 180_000)
        throw new Error(`${args.at(-1)} not ready within 180 s`);
      const ok = await fetch(`http://127.0.0.1:${port}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) readyMs = performance.now() - started;
      else await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await new Promise((resolve) => setTimeout(resolve, Math.max(2000, 3000 - readyMs)));
    return { readyMs, rssMb: rssMb(child.pid ?? 0) };
  } finally {
    await stop(child);
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

buildIfStale();
const redis = await startTestRedis();
const dir = await mkdtemp(path.join(os.tmpdir(), "qoldau-bench-startup-"));
const qoldau: Sample[] = [];
const underTsx: Sample[] = [];
const anchor: Sample[] = [];
const appEnv = (file: string) => ({
  NODE_ENV: "production",
  LOG_LEVEL: "warn",
  REDIS_URL: redis.url,
  DATABASE_PATH: path.join(dir, file),
  SESSION_SECRET: "bench-session-secret-0123456789abcdef",
  PHONE_HASH_SECRET: "bench-phone-secret-0123456789abcdef",
  BOT_TOKEN: "",
});
try {
  for (let i = 0; i < runs; i++) {
    anchor.push(await measure(["--import", "tsx", "bench/anchors/bare-fastify.ts"], {}));
    qoldau.push(
      await measure([...startScriptNodeFlags(), "dist/main.js"], appEnv(`run-${i}.sqlite`)),
    );
    // For comparison only (development); tsx compiles again after every source change.
    underTsx.push(
      await measure(
        [...startScriptNodeFlags(), "--import", "tsx", "src/main.ts"],
        appEnv(`tsx-${i}.sqlite`),
      ).catch((error: Error) => {
        console.error(`under tsx: ${error.message}`);
        return { readyMs: Number.NaN, rssMb: Number.NaN };
      }),
    );
  }
} finally {
  await redis.stop();
  await rm(dir, { recursive: true, force: true });
}

const q = { ready: median(qoldau.map((s) => s.readyMs)), rss: median(qoldau.map((s) => s.rssMb)) };
const d = {
  ready: median(underTsx.map((s) => s.readyMs)),
  rss: median(underTsx.map((s) => s.rssMb)),
};
const a = { ready: median(anchor.map((s) => s.readyMs)), rss: median(anchor.map((s) => s.rssMb)) };
console.log(
  `start-up, median of ${runs} alternating runs; load ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}`,
);
console.log(
  `cold start to /healthz   Qoldau ${Math.round(q.ready)} ms   bare Fastify ${Math.round(a.ready)} ms   ×${(q.ready / a.ready).toFixed(2)} (target ≤ 3)`,
);
console.log(
  `under tsx (development)  Qoldau ${Math.round(d.ready)} ms, ${Math.round(d.rss)} MB   ×${(d.ready / a.ready).toFixed(2)} the bare server`,
);
console.log(
  `RSS 3 s after start      Qoldau ${Math.round(q.rss)} MB   bare Fastify ${Math.round(a.rss)} MB   ×${(q.rss / a.rss).toFixed(2)} (target < 150 MB)`,
);
console.log(
  `BENCH_JSON ${JSON.stringify({
    bench: "startup",
    rows: [
      {
        what: "cold start to /healthz (ms)",
        qoldau: q.ready,
        anchor: a.ready,
        ratio: q.ready / a.ready,
        lowerIsBetter: true,
      },
      {
        what: "RSS 3 s after start (MB)",
        qoldau: q.rss,
        anchor: a.rss,
        ratio: q.rss / a.rss,
        lowerIsBetter: true,
      },
    ],
  })}`,
);
