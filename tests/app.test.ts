import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildIfStale } from "../scripts/build.mjs";
import { buildApp } from "./support/app.ts";
import { freePort } from "./support/redis-server.ts";
import { testRedisUrl } from "./support/suite-redis.ts";
import { testDatabaseEngine } from "./support/test-database.ts";

describe("the app against the suite's Redis", () => {
  it("answers /healthz with redis and db ok", async () => {
    const app = await buildApp(testRedisUrl());
    try {
      const response = await fetch(`${app.url}/healthz`);
      expect(response.status).toBe(200);
      const body = await response.json();
      expect(body).toMatchObject({ redis: "ok", db: "ok", bot: "off" });
      // The engine of this run (QOLDAU_TEST_DATABASE), which buildApp configured.
      expect((body as { engine: string }).engine).toBe(testDatabaseEngine());
      // The bare address is the landing page, which links to the console and the web chat.
      const home = await fetch(app.url, { redirect: "manual" });
      expect(home.status).toBe(200);
      expect(await home.text()).toMatch(
        /href="\/console\?lang=kk"[\s\S]*href="\/chat|href="\/chat[\s\S]*href="\/console/,
      );
    } finally {
      await app.close();
    }
  });

  it("answers 503 naming Redis when Redis is unreachable", async () => {
    const deadPort = await freePort();
    const app = await buildApp(testRedisUrl());
    // Point the health check at a Redis that is not there, as after a crash.
    const unreachable = new Redis(`redis://127.0.0.1:${deadPort}`, {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    unreachable.on("error", () => {});
    const healthy = app.deps.redis;
    app.deps.redis = unreachable;
    try {
      const response = await fetch(`${app.url}/healthz`);
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ redis: "down", db: "ok" });
    } finally {
      app.deps.redis = healthy;
      unreachable.disconnect();
      await app.close();
    }
  });
});

describe("`npm start` as a process, with no Redis configured", () => {
  let child: ChildProcess | undefined;
  let dir: string;

  // `npm start` runs the compiled dist/ and its bootstrap rebuilds it when a source is newer;
  // built here first (the same function), so the start below is timed without the compiler.
  beforeAll(() => buildIfStale(), 300_000);

  afterAll(async () => {
    child?.kill("SIGKILL");
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("starts its own redis-server and SQLite file, serves /healthz, and stops cleanly on SIGTERM", async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "qoldau-start-"));
    const [port, redisPort] = [await freePort(), await freePort()];
    const output: string[] = [];
    // The real command: npm runs the bootstrap, then the app; SIGTERM goes to npm itself,
    // as a process manager would send it.
    child = spawn("npm", ["start", "--silent"], {
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        PORT: String(port),
        LOCAL_REDIS_PORT: String(redisPort),
        REDIS_DATA_DIR: path.join(dir, "redis"),
        DATABASE_PATH: path.join(dir, "qoldau.sqlite"),
        NODE_ENV: "production",
        SESSION_SECRET: "app-test-session-secret-0123456789abcdef",
        PHONE_HASH_SECRET: "app-test-phone-hash-secret-0123456789",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => output.push(chunk.toString()));

    const health = await waitFor(async () => {
      const response = await fetch(`http://127.0.0.1:${port}/healthz`);
      return response.ok ? ((await response.json()) as Record<string, unknown>) : undefined;
    }, 20_000);
    expect(health).toMatchObject({ redis: "ok", db: "ok", bot: "off" });
    expect(existsSync(path.join(dir, "qoldau.sqlite"))).toBe(true);
    expect(output.join("")).toMatch(/Telegram bot is off: set BOT_TOKEN/);

    const exited = new Promise<number | null>((resolve) => child?.once("exit", resolve));
    const stoppingAt = Date.now();
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(Date.now() - stoppingAt).toBeLessThan(5000);

    // The local Redis was saved and stopped with the app.
    expect(existsSync(path.join(dir, "redis", "dump.rdb"))).toBe(true);
    const probe = new Redis(`redis://127.0.0.1:${redisPort}`, {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    probe.on("error", () => {});
    await expect(probe.connect()).rejects.toThrow();
    probe.disconnect();
  }, 40_000);

  it("refuses to start on a bad variable and names it", async () => {
    const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      // The compiled entry `npm start` runs (built above): without tsx compiling the app's
      // imports first, a refusal takes under a second instead of four.
      const bad = spawn(process.execPath, ["dist/main.js"], {
        env: { PATH: process.env.PATH, PORT: "not-a-port" },
        stdio: ["ignore", "ignore", "pipe"],
      });
      let stderr = "";
      bad.stderr?.on("data", (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      bad.once("exit", (code) => resolve({ code, stderr }));
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Invalid config: PORT/);
  });
});

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`not ready within ${timeoutMs} ms`);
}
