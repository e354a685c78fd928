import { type ChildProcess, spawn } from "node:child_process";
import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { freePort } from "./redis-server.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));

export interface AppInstance {
  name: string;
  url: string;
  port: number;
  child: ChildProcess;
  /** The last lines the process wrote (stdout and stderr), for failure messages. */
  output(): string;
  /** Ends the process at once, as a crash or an OOM kill would (no shutdown code runs). */
  kill(): Promise<void>;
  /** SIGTERM, as a process manager stops it; resolves with the exit code. */
  stop(): Promise<number | null>;
}

/**
 * One app process started by its own entry (`src/main.ts`, as `npm start` runs it minus the
 * bootstrap), with the given environment on `port` (else a free one); resolves once `/healthz`
 * answers.
 */
export async function startAppInstance(
  name: string,
  env: Record<string, string>,
  options: { readyTimeoutMs?: number; port?: number } = {},
): Promise<AppInstance> {
  const port = options.port ?? (await freePort());
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      HOST: "127.0.0.1",
      PORT: String(port),
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (options.readyTimeoutMs ?? 90_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited at start:\n${log}`);
    const ok = await fetch(`${url}/healthz`)
      .then((response) => response.ok)
      .catch(() => false);
    if (ok) break;
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`${name} did not answer /healthz in time:\n${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    name,
    url,
    port,
    child,
    output: () => log,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill("SIGTERM");
      return exited;
    },
  };
}

export interface RoundRobinProxy {
  url: string;
  /** Requests forwarded to each target (by index), and those answered 502 by the proxy. */
  stats: { forwarded: number[]; badGateway: number };
  /** Requests forwarded to a target and not answered yet, by target index. */
  inFlight(target: number): number;
  close(): Promise<void>;
}

/**
 * A small load balancer on loopback: each request goes to the next target in turn; a target
 * that refuses or drops the connection gets the request answered 502 (the sender retries, as
 * Telegram does) and is skipped for `downMs`, like a reverse proxy's passive health check.
 */
export async function startRoundRobinProxy(
  targets: string[],
  options: { downMs?: number } = {},
): Promise<RoundRobinProxy> {
  const downMs = options.downMs ?? 2000;
  const downUntil = targets.map(() => 0);
  const inFlight = targets.map(() => 0);
  const stats = { forwarded: targets.map(() => 0), badGateway: 0 };
  let next = 0;
  const pick = () => {
    for (let i = 0; i < targets.length; i++) {
      const index = (next + i) % targets.length;
      if ((downUntil[index] ?? 0) <= Date.now()) {
        next = index + 1;
        return index;
      }
    }
    next++;
    return next % targets.length;
  };
  const server = createServer((req, res) => {
    const index = pick();
    const target = new URL(req.url ?? "/", targets[index]);
    stats.forwarded[index] = (stats.forwarded[index] ?? 0) + 1;
    inFlight[index] = (inFlight[index] ?? 0) + 1;
    let settled = false;
    const settle = () => {
      if (settled) return;
      settled = true;
      inFlight[index] = (inFlight[index] ?? 1) - 1;
    };
    const upstream = request(
      target,
      { method: req.method, headers: { ...req.headers, host: target.host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        answer.once("end", settle);
        answer.once("error", settle);
      },
    );
    upstream.once("error", () => {
      settle();
      downUntil[index] = Date.now() + downMs;
      stats.badGateway++;
      if (!res.headersSent) res.writeHead(502, { "content-type": "text/plain" });
      res.end("bad gateway");
    });
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    inFlight: (target) => inFlight[target] ?? 0,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
