import { type ChildProcess, spawn } from "node:child_process";
import { mkdir } from "node:fs/promises";
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

async function ping(url: string): Promise<boolean> {
  const client = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 500,
  });
  client.on("error", () => {});
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
 * Starts redis-server with the settings BullMQ's production guide asks for
 * (AOF on, no eviction), its data under `dataDir`. An instance already answering
 * on the port (an earlier `npm start` or a CLI run beside it) is reused, not owned.
 */
export async function startLocalRedis(options: LocalRedisOptions): Promise<LocalRedis> {
  const url = `redis://127.0.0.1:${options.port}`;
  if (await ping(url)) {
    options.logger?.info({ port: options.port }, "reusing the local redis-server already running");
    return { url, owned: false, stop: async () => {} };
  }
  const dataDir = path.resolve(options.dataDir);
  await mkdir(dataDir, { recursive: true });
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
  options.logger?.info({ port: options.port, dataDir }, "local redis-server started");
  return { url, owned: true, stop: () => stopRedis(url, child, exited) };
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
