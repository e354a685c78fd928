import { type ChildProcess, execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { freePort } from "./redis-server.ts";

const run = promisify(execFile);

export interface TestRedisSentinel {
  /** `redis+sentinel://127.0.0.1:<sentinel port>/qoldau`, as REDIS_URL takes it. */
  url: string;
  /** The ports of the two data servers; the master first at start. */
  ports: number[];
  /** The port the Sentinel names as master now. */
  masterPort(): Promise<number>;
  /** Asks the Sentinel to promote the replica; resolves once it names the new master. */
  failover(): Promise<number>;
  stop(): Promise<void>;
}

async function cli(port: number, ...args: string[]): Promise<string> {
  const { stdout } = await run("redis-cli", ["-h", "127.0.0.1", "-p", String(port), ...args]);
  return stdout.trim();
}

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`redis sentinel: ${what} did not happen within ${timeoutMs} ms`);
}

/**
 * A master, its replica and one Sentinel watching them under the name `qoldau`, all real
 * `redis-server` processes (the Sentinel is `redis-server --sentinel`) on free loopback ports.
 */
export async function startTestRedisSentinel(): Promise<TestRedisSentinel> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "qoldau-redis-sentinel-"));
  const children: ChildProcess[] = [];
  const stop = async () => {
    for (const child of children.reverse()) {
      if (child.exitCode !== null || child.signalCode !== null) continue;
      const exited = once(child, "exit");
      child.kill("SIGTERM");
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  };
  const server = (args: string[]) => {
    const child = spawn("redis-server", args, { stdio: "ignore" });
    children.push(child);
  };
  try {
    const master = await freePort();
    const replica = await freePort();
    const sentinel = await freePort();
    const common = ["--bind", "127.0.0.1", "--dir", dir, "--save", "", "--appendonly", "no"];
    server(["--port", String(master), "--dbfilename", "master.rdb", ...common]);
    server([
      "--port",
      String(replica),
      "--dbfilename",
      "replica.rdb",
      "--replicaof",
      "127.0.0.1",
      String(master),
      ...common,
    ]);
    await waitFor(
      async () => (await cli(replica, "info", "replication")).includes("master_link_status:up"),
      "replica in sync",
    );
    // A Sentinel rewrites its configuration file, so it needs one of its own.
    const config = path.join(dir, "sentinel.conf");
    await writeFile(
      config,
      [
        `port ${sentinel}`,
        "bind 127.0.0.1",
        `dir ${dir}`,
        `sentinel monitor qoldau 127.0.0.1 ${master} 1`,
        "sentinel down-after-milliseconds qoldau 2000",
        "sentinel failover-timeout qoldau 10000",
        "",
      ].join("\n"),
    );
    server([config, "--sentinel"]);
    const named = async () => {
      const reply = await cli(sentinel, "sentinel", "get-master-addr-by-name", "qoldau");
      return Number(reply.split("\n")[1]);
    };
    await waitFor(async () => (await named()) === master, "sentinel watching the master");
    await waitFor(
      async () => (await cli(sentinel, "sentinel", "replicas", "qoldau")).includes(String(replica)),
      "sentinel knowing the replica",
    );
    return {
      url: `redis+sentinel://127.0.0.1:${sentinel}/qoldau`,
      ports: [master, replica],
      masterPort: named,
      async failover() {
        const before = await named();
        // A Sentinel refuses a forced failover (NOGOODSLAVE) until its periodic INFO of the
        // replica is fresh, which on a loaded machine can lag: ask again until it agrees.
        await waitFor(
          async () => (await cli(sentinel, "sentinel", "failover", "qoldau")) === "OK",
          "sentinel accepting the failover",
        );
        await waitFor(async () => (await named()) !== before, "failover");
        const after = await named();
        await waitFor(
          async () => (await cli(after, "info", "replication")).includes("role:master"),
          "new master taking writes",
        );
        return after;
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
