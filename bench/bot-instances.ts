/**
 * npm run bench:bot -- --instances 2 [--parents 200 --rounds 4]
 *
 * The bot as deployed for scale, next to the embedded default, in one run: (1) one app process
 * on SQLite, (2) N app processes on one PostgreSQL, each started by the app's own entry in
 * webhook mode behind a round-robin proxy, with one redis-server. The loopback Bot API delivers
 * updates to the proxy as Telegram does (40 connections, one update per chat at a time). Each
 * parent opens the guided flow and presses through it, waiting for each reply. Prints updates/s,
 * p50/p99 update→reply and the app processes' CPU per update (load-independent).
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Message } from "grammy/types";
import { startAppInstance, startRoundRobinProxy } from "../tests/support/instances.ts";
import { startTestPostgres } from "../tests/support/postgres-server.ts";
import { freePort, startTestRedis } from "../tests/support/redis-server.ts";
import { type SimulatedUser, startTelegramApiServer } from "../tests/support/telegram-api/index.ts";
import { cpuMsOf } from "./support/cpu.ts";

export interface InstancesBenchOptions {
  instances: number;
  parents: number;
  rounds: number;
}

interface SetupFigures {
  name: string;
  updates: number;
  perSecond: number;
  p50: number;
  p99: number;
  cpuMsPerUpdate: number;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

const dataFor = (message: Message, suffix: string) => {
  for (const row of message.reply_markup?.inline_keyboard ?? [])
    for (const button of row)
      if ("callback_data" in button && button.callback_data.endsWith(suffix))
        return button.callback_data;
  throw new Error(`no button ${suffix}`);
};

async function runSetup(
  name: string,
  count: number,
  database: (dir: string) => Promise<Record<string, string>>,
  options: InstancesBenchOptions,
): Promise<SetupFigures> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "qoldau-bench-instances-"));
  const redis = await startTestRedis();
  const api = await startTelegramApiServer({
    limits: false,
    callLog: false,
    webhook: { maxConnections: 40, timeoutMs: 30_000 },
  });
  const ports = await Promise.all(Array.from({ length: count }, () => freePort()));
  const proxy = await startRoundRobinProxy(ports.map((port) => `http://127.0.0.1:${port}`));
  const env = {
    NODE_ENV: "test",
    LOG_LEVEL: "warn",
    REDIS_URL: redis.url,
    BOT_TOKEN: api.token,
    TELEGRAM_API_ROOT: api.apiRoot,
    WEBHOOK_URL: proxy.url,
    WEBHOOK_SECRET: "bench-webhook-secret-0123456789",
    ...(await database(dir)),
  };
  const instances = [];
  // One at a time: the first migrates, the others find the schema ready.
  for (const [i, port] of ports.entries())
    instances.push(await startAppInstance(`${name}-${i}`, env, { port, readyTimeoutMs: 300_000 }));
  try {
    const parents = Array.from({ length: options.parents }, (_, i) =>
      api.user({ id: 9000 + i, firstName: "Ата-ана", languageCode: i % 2 === 0 ? "kk" : "ru" }),
    );
    const screens = await Promise.all(
      parents.map(async (parent) => {
        parent.sendCommand("/flow");
        return parent.waitForMessage(undefined, 60_000);
      }),
    );
    const steps = [":health", ":yes", ":<", ":<"];
    const latencies: number[] = [];
    const cpuBefore = instances.reduce((sum, instance) => sum + cpuMsOf(instance.child.pid), 0);
    const started = performance.now();
    await Promise.all(
      parents.map(async (parent: SimulatedUser, i) => {
        let screen = screens[i] as Message;
        for (let step = 0; step < options.rounds * steps.length; step++) {
          const t0 = performance.now();
          parent.pressButton(screen, dataFor(screen, steps[step % steps.length] as string));
          screen = await parent.waitForMessage(undefined, 60_000);
          latencies.push(performance.now() - t0);
        }
      }),
    );
    const ms = performance.now() - started;
    const cpuMs =
      instances.reduce((sum, instance) => sum + cpuMsOf(instance.child.pid), 0) - cpuBefore;
    latencies.sort((a, b) => a - b);
    return {
      name,
      updates: latencies.length,
      perSecond: (latencies.length / ms) * 1000,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      cpuMsPerUpdate: cpuMs / latencies.length,
    };
  } finally {
    await Promise.all(instances.map((instance) => instance.stop()));
    await proxy.close();
    await api.close();
    await redis.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

export async function runInstancesBench(options: InstancesBenchOptions): Promise<void> {
  const load = () =>
    os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" ");
  console.log(
    `bench:bot --instances ${options.instances}: ${options.parents} parents × ${options.rounds * 4} presses, webhook mode behind a round-robin proxy; load ${load()}`,
  );
  const single = await runSetup(
    "1 instance, SQLite",
    1,
    async (dir) => ({ DATABASE_PATH: path.join(dir, "qoldau.sqlite") }),
    options,
  );
  const postgres = await startTestPostgres();
  let several: SetupFigures;
  try {
    const url = await postgres.createDatabase();
    several = await runSetup(
      `${options.instances} instances, PostgreSQL`,
      options.instances,
      async () => ({ DATABASE_URL: url, DATABASE_POOL_SIZE: "10" }),
      options,
    );
  } finally {
    await postgres.stop();
  }
  console.log(`\nbench:bot --instances ${options.instances}; load ${load()} (2 cores shared)`);
  for (const f of [single, several])
    console.log(
      `${f.name.padEnd(26)} ${String(f.updates).padStart(6)} updates  ${f.perSecond.toFixed(0).padStart(5)} updates/s` +
        `  p50 ${f.p50.toFixed(1)} ms  p99 ${f.p99.toFixed(1)} ms  app CPU ${f.cpuMsPerUpdate.toFixed(2)} ms/update`,
    );
  console.log(
    `ratio ${several.name} / ${single.name}: throughput ${(several.perSecond / single.perSecond).toFixed(2)}, p99 ${(several.p99 / single.p99).toFixed(2)}, CPU per update ${(several.cpuMsPerUpdate / single.cpuMsPerUpdate).toFixed(2)}`,
  );
  console.log(
    `BENCH_JSON ${JSON.stringify({ bench: "bot-instances", instances: options.instances, single, several })}`,
  );
}
