/**
 * `tsx bench/console-ab.ts <checkout A> <checkout B> [rounds]`: two builds of the server at once
 * (each checkout's `dist/main.js`, built beforehand with `npm run build`), on one redis-server,
 * loaded by this process with the same keystrokes, alternating A and B round by round. Prints
 * each server's CPU time per request (from /proc) for cached keystrokes ("hit": 20 queries over
 * and over) and uncached ones ("miss": each query once). On a shared machine this is the fair
 * comparison of two builds: CPU time per request moves far less with the load than throughput.
 * `HEADERS=1` instead compares the two builds' response headers on a set of console URLs;
 * `PROF=<dir>` writes B's V8 CPU profile; `KINDS=hit` or `KINDS=miss` runs one workload only;
 * `SCALE=3` makes each round three times longer.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { openDatabase } from "../src/db/database.ts";
import { createUserRepository } from "../src/users/repository.ts";
import { loadQuestions } from "../tests/eval/dataset.ts";
import { startTestRedis } from "../tests/support/redis-server.ts";
import { cpuMsOf } from "./support/cpu.ts";
import { startScriptNodeFlags } from "./support/node-flags.ts";

// Benchmarks take their settings from the command line and the environment, not the app's config.
const env = process.env;
const [dirA, dirB, roundsArg] = process.argv.slice(2);
if (!dirA || !dirB)
  throw new Error("usage: tsx bench/console-ab.ts <checkout A> <checkout B> [rounds]");
const rounds = Number(roundsArg ?? 5);
const operators = 20;
const password = "bench-password-1";
const questions = loadQuestions().map((q) => q.q);
const kinds = (env.KINDS ?? "hit,miss").split(",");
/** `SCALE=3`: rounds three times longer, for less spread on a quiet machine. */
const scale = Number(env.SCALE ?? 1);

interface Server {
  name: string;
  child: ChildProcess;
  url: string;
  pid: number;
  cookies: string[];
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

async function start(name: string, dir: string, redisUrl: string, databasePath: string) {
  const profile = env.PROF && name === "B" ? ["--cpu-prof", "--cpu-prof-dir", env.PROF] : [];
  const child = spawn(
    process.execPath,
    [...startScriptNodeFlags(dir), ...profile, "dist/main.js"],
    {
      cwd: dir,
      env: {
        ...env,
        NODE_ENV: "production",
        SESSION_SECRET: "bench-session-secret-0123456789abcdef",
        PHONE_HASH_SECRET: "bench-phone-hash-secret-0123456789abcdef",
        LOG_LEVEL: "info",
        PORT: "0",
        REDIS_URL: redisUrl,
        DATABASE_PATH: databasePath,
        BOT_TOKEN: "",
      },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let buffer = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      buffer += chunk.toString();
      const found = /"url":"(http:[^"]+)"/.exec(buffer)?.[1];
      if (found) {
        child.stdout?.removeAllListeners("data");
        child.stdout?.resume();
        resolve(found);
      }
    });
    child.once("exit", (code) => reject(new Error(`${name} exited with ${code}`)));
  });
  return { name, child, url, pid: child.pid ?? 0, cookies: [] as string[] };
}

async function signIn(base: string, email: string): Promise<string> {
  const login = await fetch(`${base}/console/login`);
  const sid = login.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await login.text())?.[1] ?? "";
  const response = await fetch(`${base}/console/login`, {
    method: "POST",
    redirect: "manual",
    headers: { cookie: sid, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email, password, _csrf: csrf }).toString(),
  });
  if (response.status !== 302) throw new Error(`sign-in failed: ${response.status}`);
  return response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
}

/** "hit": 20 short queries over and over; "miss": question prefixes, each once per round. */
function queries(kind: string, round: number, count: number): string[] {
  if (kind === "hit")
    return Array.from({ length: count }, (_, i) => (questions[i % 20] ?? "").slice(0, 12));
  const list: string[] = [];
  for (let i = 0; list.length < count; i += 1) {
    const question = questions[(i * 7 + round * 13) % questions.length] ?? "";
    for (let typed = 3; typed <= question.length && list.length < count; typed += 2)
      list.push(`${question.slice(0, typed)} r${round}`);
  }
  return list;
}

async function load(server: Server, list: string[]): Promise<number> {
  let next = 0;
  let chars = 0;
  await Promise.all(
    server.cookies.map(async (cookie) => {
      for (let q = list[next++]; q !== undefined; q = list[next++]) {
        const response = await fetch(
          `${server.url}/console/api/search?q=${encodeURIComponent(q)}`,
          { headers: { cookie } },
        );
        chars += (await response.text()).length;
        if (response.status !== 200) throw new Error(`${server.name}: ${response.status}`);
      }
    }),
  );
  return chars / list.length;
}

/** The headers of each URL, signed in and not, from both builds: they must be the same. */
async function compareHeaders(servers: Server[]) {
  const varying = new Set(["date", "set-cookie", "content-length", "etag", "last-modified"]);
  const urls = [
    "/console/api/search?q=%D2%AF%D0%B9%D0%B4%D0%B5",
    "/console/api/answer?q=%D2%AF%D0%B9%D0%B4%D0%B5",
    "/console/api/search?q=a&q=b",
    "/console/search?q=x",
    "/console/login",
    "/console/admin/users",
    "/console/nowhere",
    "/console/assets/console.css",
    "/",
    "/healthz",
  ];
  let differences = 0;
  for (const url of urls) {
    for (const signedIn of [true, false]) {
      const seen = await Promise.all(
        servers.map(async (server) => {
          const response = await fetch(server.url + url, {
            redirect: "manual",
            headers: signedIn ? { cookie: server.cookies[0] ?? "" } : {},
          });
          await response.text();
          const kept = [...response.headers].filter(([name]) => !varying.has(name));
          return JSON.stringify([response.status, kept]);
        }),
      );
      const same = seen[0] === seen[1];
      if (!same) differences += 1;
      console.log(same ? "same" : "DIFFERENT", signedIn ? "signed in" : "anonymous", url);
      if (!same) console.log(seen.join("\n"));
    }
  }
  console.log(differences === 0 ? "headers identical" : `${differences} differences`);
}

async function main() {
  const redis = await startTestRedis();
  const dir = await mkdtemp(path.join(os.tmpdir(), "qoldau-console-ab-"));
  const servers: Server[] = [];
  try {
    for (const [name, checkout] of [
      ["A", dirA],
      ["B", dirB],
    ] as const) {
      const databasePath = path.join(dir, `${name}.sqlite`);
      const server = await start(name, checkout as string, redis.url, databasePath);
      servers.push(server);
      const db = await openDatabase(databasePath);
      const users = createUserRepository(db);
      for (let i = 0; i < operators; i += 1) {
        const email = `operator${i}@bench.test`;
        await users.create({ email, password, role: "operator" });
        server.cookies.push(await signIn(server.url, email));
      }
      await db.destroy();
    }
    if (env.HEADERS) return await compareHeaders(servers);
    for (const server of servers) {
      await load(server, queries("hit", 0, 2000)); // warm-up: JIT, caches
      await load(server, queries("miss", 99, 1500));
    }
    const perRequest = new Map<string, number[]>();
    for (let round = 0; round < rounds; round += 1) {
      for (const kind of kinds) {
        const order = round % 2 === 0 ? servers : [...servers].reverse();
        for (const server of order) {
          const list = queries(kind, round, (kind === "hit" ? 3000 : 1200) * scale);
          const before = cpuMsOf(server.pid);
          const chars = await load(server, list);
          const key = `${server.name} ${kind}`;
          perRequest.set(key, [
            ...(perRequest.get(key) ?? []),
            (cpuMsOf(server.pid) - before) / list.length,
          ]);
          if (round === 0) console.log(`${key}: ${chars.toFixed(0)} characters per response`);
        }
      }
    }
    console.log(
      `load average ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(" ")}`,
    );
    for (const [key, values] of [...perRequest].sort())
      console.log(
        `${key}: median ${median(values).toFixed(3)} ms of server CPU per request (rounds ${values.map((v) => v.toFixed(2)).join(", ")})`,
      );
  } finally {
    for (const server of servers) {
      server.child.kill("SIGTERM");
      await new Promise((resolve) => server.child.once("exit", resolve));
    }
    await redis.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
