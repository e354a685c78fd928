import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { Redis } from "ioredis";
import type { Logger } from "../logger.ts";

export interface LocalRedis {
  url: string;
  /** True when this process started the server (and so must stop it). */
  owned: boolean;
  stop(): Promise<void>;
}

export interface LocalRedisOptions {
  dataDir: string;
  port: number;
  logger?: Logger;
  binary?: string;
}

/** A one-off connection that fails at once instead of retrying: for probing a server. */
function probeClient(url: string): Redis {
  const client = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 500,
  });
  client.on("error", () => {});
  return client;
}

async function ping(url: string): Promise<boolean> {
  const client = probeClient(url);
  try {
    await client.connect();
    return (await client.ping()) === "PONG";
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

/**
 * What a started local server leaves in its data directory: its pid, port and directory, and
 * the pid of the app that owns it. After a `kill -9` of the app the server keeps running; the
 * next start finds this record and takes the server over (and so stops it at shutdown) instead
 * of reusing it unowned for ever.
 */
export interface LocalRedisRecord {
  pid: number;
  port: number;
  dir: string;
  ownerPid: number;
}

/** The record's file inside the data directory. */
export const RECORD_FILE = "qoldau-redis.json";

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
  // An exited process whose parent has not reaped it yet (state Z on Linux) is gone too.
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return true;
  }
}

async function readRecord(dataDir: string): Promise<LocalRedisRecord | undefined> {
  try {
    const parsed = JSON.parse(await readFile(path.join(dataDir, RECORD_FILE), "utf8"));
    const { pid, port, dir, ownerPid } = parsed as Partial<LocalRedisRecord>;
    if ([pid, port, ownerPid].every((n) => Number.isInteger(n)) && typeof dir === "string")
      return { pid, port, dir, ownerPid } as LocalRedisRecord;
  } catch {
    // No record, or a torn one from a crash: treated as none.
  }
  return undefined;
}

async function writeRecord(dataDir: string, record: LocalRedisRecord) {
  await writeFile(path.join(dataDir, RECORD_FILE), `${JSON.stringify(record)}\n`, { mode: 0o600 });
}

async function removeRecord(dataDir: string, pid: number) {
  // Only our own record: a newer start may have written its own in the meantime.
  if ((await readRecord(dataDir))?.pid === pid)
    await rm(path.join(dataDir, RECORD_FILE), { force: true });
}

/** The server's own pid and data directory, as it reports them. */
async function identify(url: string): Promise<{ pid: number; dir: string } | undefined> {
  const client = probeClient(url);
  try {
    await client.connect();
    const info = await client.info("server");
    const pid = Number(/process_id:(\d+)/.exec(info)?.[1]);
    const dir = ((await client.config("GET", "dir")) as string[])[1] ?? "";
    return Number.isInteger(pid) ? { pid, dir } : undefined;
  } catch {
    return undefined;
  } finally {
    client.disconnect();
  }
}

/**
 * Starts redis-server with the settings BullMQ's production guide asks for
 * (AOF on, no eviction), its data under `dataDir`, and records its pid there. A server found on
 * the port is:
 * - taken over (owned, stopped at shutdown) when it is the one recorded in `dataDir` and the app
 *   that started it is gone (killed with `kill -9`);
 * - reused, not owned, when its owner still runs (an `npm start` beside a CLI run) or it is not
 *   ours at all.
 */
export async function startLocalRedis(options: LocalRedisOptions): Promise<LocalRedis> {
  const url = `redis://127.0.0.1:${options.port}`;
  const dataDir = path.resolve(options.dataDir);
  await mkdir(dataDir, { recursive: true });
  const record = await readRecord(dataDir);
  if (await ping(url)) {
    const running = await identify(url);
    const ours =
      record !== undefined &&
      running?.pid === record.pid &&
      record.port === options.port &&
      path.resolve(running.dir) === dataDir;
    if (ours && record && !isAlive(record.ownerPid)) {
      await writeRecord(dataDir, { ...record, ownerPid: process.pid });
      options.logger?.warn(
        { port: options.port, pid: record.pid },
        "taking over the local redis-server left running by a stopped app",
      );
      return {
        url,
        owned: true,
        stop: async () => {
          await stopRecorded(url, record.pid);
          await removeRecord(dataDir, record.pid);
        },
      };
    }
    options.logger?.info({ port: options.port }, "reusing the local redis-server already running");
    return { url, owned: false, stop: async () => {} };
  }
  const args = [
    "--port",
    String(options.port),
    "--bind",
    "127.0.0.1",
    "--dir",
    dataDir,
    "--appendonly",
    "yes",
    "--maxmemory-policy",
    "noeviction",
    "--save",
    "60 1",
    "--daemonize",
    "no",
    "--loglevel",
    "warning",
  ];
  const child = spawn(options.binary ?? "redis-server", args, {
    stdio: ["ignore", "ignore", "pipe"],
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  await waitForRedis(url, child, exited);
  const pid = child.pid ?? 0;
  await writeRecord(dataDir, { pid, port: options.port, dir: dataDir, ownerPid: process.pid });
  options.logger?.info({ port: options.port, dataDir }, "local redis-server started");
  return {
    url,
    owned: true,
    stop: async () => {
      await stopRedis(url, child, exited);
      await removeRecord(dataDir, pid);
    },
  };
}

/** Stops a server this process did not spawn: SHUTDOWN SAVE, then waits for its pid to go. */
async function stopRecorded(url: string, pid: number) {
  const client = new Redis(url, { maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on("error", () => {});
  await client.call("SHUTDOWN", "SAVE").catch(() => {});
  client.disconnect();
  const deadline = Date.now() + 5000;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  if (isAlive(pid)) process.kill(pid, "SIGKILL");
}

async function waitForRedis(url: string, child: ChildProcess, exited: Promise<number | null>) {
  let failure: Error | undefined;
  child.once("error", (error) => {
    failure = new Error(
      "redis-server could not be started. Install it (Debian: apt-get install redis-server) or set REDIS_URL.",
      { cause: error },
    );
  });
  void exited.then((code) => {
    failure ??= new Error(`redis-server exited with code ${code} during start-up`);
  });
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (failure) throw failure;
    if (await ping(url)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  child.kill("SIGKILL");
  throw new Error("redis-server did not answer within 10 s");
}

async function stopRedis(url: string, child: ChildProcess, exited: Promise<number | null>) {
  if (child.exitCode !== null) return;
  // SHUTDOWN SAVE writes the snapshot and the AOF before exiting.
  const client = new Redis(url, { maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on("error", () => {});
  await client.call("SHUTDOWN", "SAVE").catch(() => child.kill("SIGTERM"));
  client.disconnect();
  const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
  await exited;
  clearTimeout(timer);
}

/**
 * The Redis the configuration names, or the local one (started or reused) when
 * REDIS_URL is unset. `stop()` stops the local server only if this call started it.
 */
export async function resolveRedis(
  config: { REDIS_URL?: string | undefined; REDIS_DATA_DIR: string; LOCAL_REDIS_PORT: number },
  logger?: Logger,
): Promise<LocalRedis> {
  if (config.REDIS_URL) return { url: config.REDIS_URL, owned: false, stop: async () => {} };
  return startLocalRedis({
    dataDir: config.REDIS_DATA_DIR,
    port: config.LOCAL_REDIS_PORT,
    ...(logger ? { logger } : {}),
  });
}
