import { type ChildProcess, fork } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import {
  type LocalRedisRecord,
  RECORD_FILE,
  startLocalRedis,
} from "../../src/infra/local-redis.ts";
import { freePort } from "../support/redis-server.ts";

const dirs: string[] = [];
const strays: number[] = [];
afterAll(async () => {
  // A server a failed assertion left behind: only the pids this file recorded.
  for (const pid of strays) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {}
  }
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function tempDir() {
  const dir = await mkdtemp(path.join(os.tmpdir(), "qoldau-local-redis-"));
  dirs.push(dir);
  return dir;
}

const readRecord = async (dir: string) =>
  JSON.parse(await readFile(path.join(dir, RECORD_FILE), "utf8")) as LocalRedisRecord;

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return true;
  }
}

function startAppProcess(dir: string, port: number) {
  const child = fork(
    new URL("./fixtures/local-redis-process.ts", import.meta.url).pathname,
    [dir, String(port)],
    { execArgv: ["--import", "tsx"], stdio: ["ignore", "ignore", "inherit", "ipc"] },
  );
  return new Promise<{ child: ChildProcess; owned: boolean }>((resolve, reject) => {
    child.once("message", (m) => resolve({ child, owned: (m as { owned: boolean }).owned }));
    child.once("exit", (code) => reject(new Error(`app process exited early (${code})`)));
  });
}

describe("the local redis-server after the app is killed", () => {
  it("is taken over by the next start, keeps its data, and stops with it", async () => {
    const [dir, port] = [await tempDir(), await freePort()];
    const { child, owned } = await startAppProcess(dir, port);
    expect(owned).toBe(true);
    const record = await readRecord(dir);
    strays.push(record.pid);
    expect(record).toMatchObject({ port, dir, ownerPid: child.pid });
    const url = `redis://127.0.0.1:${port}`;
    const client = new Redis(url);
    await client.set("kept", "yes");

    const killed = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGKILL");
    await killed;
    // kill -9 gave the app no chance to stop its server: it still answers.
    expect(await client.ping()).toBe("PONG");
    expect(running(record.pid)).toBe(true);
    client.disconnect();

    const next = await startLocalRedis({ dataDir: dir, port });
    expect(next.owned).toBe(true);
    expect(await readRecord(dir)).toMatchObject({ pid: record.pid, ownerPid: process.pid });
    const again = new Redis(next.url);
    expect(await again.get("kept")).toBe("yes");
    again.disconnect();

    await next.stop();
    expect(running(record.pid)).toBe(false);
    await expect(readFile(path.join(dir, RECORD_FILE))).rejects.toThrow();
  }, 30_000);

  it("is reused without owning it while the app that started it still runs", async () => {
    const [dir, port] = [await tempDir(), await freePort()];
    const first = await startLocalRedis({ dataDir: dir, port });
    const { pid } = await readRecord(dir);
    strays.push(pid);
    try {
      const second = await startLocalRedis({ dataDir: dir, port });
      expect(second.owned).toBe(false);
      await second.stop();
      expect(running(pid)).toBe(true);
    } finally {
      await first.stop();
    }
    expect(running(pid)).toBe(false);
  }, 30_000);
});
