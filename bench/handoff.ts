/**
 * npm run bench:handoff [-- --parents 200 --operators 20 --rounds 5 --cpu-prof <dir>]
 *
 * Parents in conversation with 1414 operators, all at once, with the app in a process of its
 * own, as in production: `dist/main.js` (what `npm start` runs: bot with runner long polling,
 * console, delivery and the other workers), a redis-server of its own and a SQLite file. This
 * process is the outside world: the loopback Telegram Bot API with the simulated parents, and
 * the operators' browsers (HTTP clients with one Server-Sent Events stream per conversation).
 * Sharing one event loop with the app, the outside world's work used to count as the app's.
 *
 * Each round every parent types a message (timed from when the fake Telegram queues the update
 * to when the operator's event stream shows it), then every operator answers each of their
 * conversations through the console's HTTP route (timed from the POST to when the fake Telegram
 * receives the sendMessage). Both clocks are this process's. Rounds are 1.1 s apart: Telegram
 * allows one message per second per chat, and the delivery keeps to it.
 *
 * Prints p50/p99 both ways, messages lost or duplicated, the most messages one chat received
 * within a second, each process's busy share (CPU over wall time during the rounds) and the
 * app's CPU per message, which stays comparable on a loaded machine where latency does not.
 * `--cpu-prof <dir>`: the app's V8 CPU profile, cut to the rounds (open it in Chrome DevTools).
 */
import { spawn } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import type { Message } from "grammy/types";
import { buildIfStale } from "../scripts/build.mjs";
import { openDatabase } from "../src/db/database.ts";
import { createUserRepository } from "../src/users/repository.ts";
import { ConsoleClient } from "../tests/support/console-client.ts";
import { freePort, startTestRedis } from "../tests/support/redis-server.ts";
import { type SimulatedUser, startTelegramApiServer } from "../tests/support/telegram-api/index.ts";
import { cpuMsOf, ownCpuMs, redisCpuMs } from "./support/cpu.ts";
import { startScriptNodeFlags } from "./support/node-flags.ts";

const { values } = parseArgs({
  options: {
    parents: { type: "string", default: "200" },
    operators: { type: "string", default: "20" },
    rounds: { type: "string", default: "5" },
    /** Writes the app process's V8 CPU profile of the rounds into this folder. */
    "cpu-prof": { type: "string" },
    /** The app's LOG_LEVEL; production's default is info (a line per request). */
    "log-level": { type: "string", default: "info" },
  },
});
const parentCount = Number(values.parents);
const operatorCount = Number(values.operators);
const rounds = Number(values.rounds);

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `dist/main.js` as `npm start` runs it (same Node flags), answering on `port` once ready. */
async function startAppProcess(env: Record<string, string>, port: number, profileDir?: string) {
  const child = spawn(
    process.execPath,
    [
      ...startScriptNodeFlags(),
      ...(profileDir ? ["--cpu-prof", "--cpu-prof-dir", profileDir] : []),
      "dist/main.js",
    ],
    // Its log goes where production's would, at no cost to this process.
    { env: { ...process.env, ...env }, stdio: ["ignore", "ignore", "inherit"] },
  );
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  const url = `http://127.0.0.1:${port}`;
  for (let waited = 0; ; waited += 100) {
    if (child.exitCode !== null) throw new Error(`the app exited with ${child.exitCode}`);
    const ok = await fetch(`${url}/healthz`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) break;
    if (waited > 120_000) {
      child.kill("SIGKILL");
      throw new Error("the app did not answer /healthz within 2 minutes");
    }
    await sleep(100);
  }
  return {
    child,
    url,
    async stop() {
      child.kill("SIGTERM");
      await exited;
    },
  };
}

/**
 * Keeps only the samples taken in [fromUs, toUs] (V8's and `process.hrtime` both read the
 * monotonic clock): the app's start and the set-up's 200 bot conversations would drown the rounds.
 */
function cutProfile(file: string, fromUs: number, toUs: number) {
  const profile = JSON.parse(readFileSync(file, "utf8")) as {
    nodes: { id: number; hitCount?: number }[];
    startTime: number;
    endTime: number;
    samples: number[];
    timeDeltas: number[];
  };
  if (profile.startTime > fromUs || profile.endTime < toUs) return false;
  const samples: number[] = [];
  const deltas: number[] = [];
  const hits = new Map<number, number>();
  let at = profile.startTime;
  let last = fromUs;
  for (const [i, node] of profile.samples.entries()) {
    at += profile.timeDeltas[i] ?? 0;
    if (at < fromUs || at > toUs) continue;
    samples.push(node);
    deltas.push(at - last);
    last = at;
    hits.set(node, (hits.get(node) ?? 0) + 1);
  }
  for (const node of profile.nodes) node.hitCount = hits.get(node.id) ?? 0;
  writeFileSync(
    file,
    JSON.stringify({ ...profile, startTime: fromUs, endTime: toUs, samples, timeDeltas: deltas }),
  );
  return true;
}

/** Reads one SSE stream, calling `onMessage` with each `message` event's html. */
async function watch(client: ConsoleClient, path: string, onMessage: (html: string) => void) {
  const response = await client.get(path, { accept: "text/event-stream" });
  if (!response.body) throw new Error("no event stream");
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  let ready: () => void = () => undefined;
  const isReady = new Promise<void>((resolve) => {
    ready = resolve;
  });
  void (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let end = buffer.indexOf("\n\n");
      while (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event === "ready") ready();
        if (event === "message" && data) onMessage((JSON.parse(data) as { html: string }).html);
        end = buffer.indexOf("\n\n");
      }
    }
  })();
  await isReady;
  return () => reader.cancel().catch(() => undefined);
}

/** Asks for a person through the bot (consent, skip the question) until queued. */
async function askForPerson(parent: SimulatedUser) {
  parent.sendText("адаммен сөйлескім келеді");
  const start = await parent.waitForMessage(undefined, 60_000);
  parent.pressButton(start, "h:c:n");
  return parent.waitForMessage((m) => /Сұрағыңызды/.test(m.text ?? ""), 60_000);
}

async function main() {
  const redis = await startTestRedis();
  // The app's history per chat is what the bench reads; a short one spares this process's GC.
  const api = await startTelegramApiServer({ limits: false, callLog: false, historyPerChat: 20 });
  const dir = await mkdtemp(path.join(os.tmpdir(), "qoldau-bench-handoff-"));
  const databasePath = path.join(dir, "qoldau.sqlite");
  // Built before the port is chosen: a build takes seconds, in which the port could be taken.
  buildIfStale();
  const port = await freePort();
  const profileDir = values["cpu-prof"] ? path.resolve(values["cpu-prof"]) : undefined;
  const app = await startAppProcess(
    {
      NODE_ENV: "production",
      // Production refuses to start on the published example secrets.
      SESSION_SECRET: "bench-session-secret-0123456789abcdef",
      PHONE_HASH_SECRET: "bench-phone-hash-secret-0123456789abcdef",
      LOG_LEVEL: values["log-level"] ?? "info",
      HOST: "127.0.0.1",
      PORT: String(port),
      REDIS_URL: redis.url,
      DATABASE_PATH: databasePath,
      BOT_TOKEN: api.token,
      TELEGRAM_API_ROOT: api.apiRoot,
      // The operators keep only conversation streams open: they stay online for the whole run.
      HANDOFF_PRESENCE_TIMEOUT_SECONDS: "3600",
    },
    port,
    profileDir,
  );
  const stops: (() => Promise<unknown>)[] = [];
  let profileWindow: { fromUs: number; toUs: number } | undefined;
  try {
    // Operators' accounts, written into the app's database as an administrator would create them.
    const db = await openDatabase(databasePath);
    const users = createUserRepository(db);
    for (let i = 0; i < operatorCount; i++)
      await users.create({
        email: `op${i}@bench.test`,
        password: "operator-pass-1",
        role: "operator",
        displayName: `Оператор${i} Тест`,
      });
    await db.destroy();
    const operators: { client: ConsoleClient; csrf: string }[] = [];
    for (let i = 0; i < operatorCount; i++) {
      const client = new ConsoleClient(app.url);
      await client.login(`op${i}@bench.test`, "operator-pass-1");
      const { csrf } = await client.page("/console/handoff");
      const online = await client.post("/console/handoff/presence", {
        status: "online",
        _csrf: csrf,
      });
      if (online.status >= 400) throw new Error(`operator not online: ${online.status}`);
      operators.push({ client, csrf });
    }

    // Set-up (not measured). Parents ask for a person in groups of 20; the last step (joining
    // the queue) goes one parent at a time, and each is then taken by the next operator in
    // turn with "take next", whose redirect names the conversation.
    const parents = Array.from({ length: parentCount }, (_, i) =>
      api.user({ id: 7000 + i, firstName: "Ата-ана", languageCode: "kk" }),
    );
    const conversations = new Map<
      number,
      { conversationId: number; operator: (typeof operators)[number] }
    >();
    for (let i = 0; i < parents.length; i += 20) {
      const group = parents.slice(i, i + 20);
      const asks = await Promise.all(group.map(askForPerson));
      for (const [j, parent] of group.entries()) {
        parent.pressButton(asks[j] as Message, "h:s");
        await parent.waitForMessage((m) => /h:e/.test(JSON.stringify(m.reply_markup)), 60_000);
        const operator = operators[conversations.size % operators.length];
        if (!operator) throw new Error("no operator");
        const taken = await operator.client.post("/console/handoff/take-next", {
          _csrf: operator.csrf,
        });
        const conversationId = Number(
          /\/handoff\/(\d+)$/.exec(taken.headers.get("location") ?? "")?.[1],
        );
        if (!conversationId) throw new Error(`take-next took nothing: ${taken.status}`);
        conversations.set(parent.id, { conversationId, operator });
      }
    }
    // The "operator has joined" notices are delivered at one per second per chat.
    await sleep(1500);

    // One event stream per conversation, signed in as its operator.
    const seenByOperators = new Map<string, number>();
    const sentAt = new Map<string, number>();
    const toOperator: number[] = [];
    for (const parent of parents) {
      const { conversationId, operator } = conversations.get(parent.id) ?? {};
      if (!conversationId || !operator) continue;
      const stop = await watch(
        operator.client,
        `/console/handoff/events?conversation=${conversationId}`,
        (html) => {
          const marker = /p-\d+-\d+/.exec(html)?.[0];
          if (!marker) return;
          seenByOperators.set(marker, (seenByOperators.get(marker) ?? 0) + 1);
          const at = sentAt.get(marker);
          if (at !== undefined && seenByOperators.get(marker) === 1)
            toOperator.push(performance.now() - at);
        },
      );
      stops.push(async () => stop());
    }

    const seenByParents = new Map<string, number>();
    const answeredAt = new Map<string, number>();
    const toParent: number[] = [];
    // Every message into a parent's chat during the rounds, for the per-chat rate below (the
    // set-up's replies to button presses come before and are not the delivery's).
    const arrivals = new Map<number, number[]>();
    let measuring = false;
    api.onBotMessage((chat, message: Message, kind) => {
      if (kind !== "message") return;
      if (measuring) arrivals.set(chat, [...(arrivals.get(chat) ?? []), performance.now()]);
      const marker = /o-\d+-\d+/.exec(message.text ?? "")?.[0];
      if (!marker) return;
      seenByParents.set(marker, (seenByParents.get(marker) ?? 0) + 1);
      const at = answeredAt.get(marker);
      if (at !== undefined && seenByParents.get(marker) === 1)
        toParent.push(performance.now() - at);
    });

    const loadBefore = os.loadavg()[0] ?? Number.NaN;
    const fromUs = Number(process.hrtime.bigint() / 1000n);
    const started = performance.now();
    const cpuAtStart = {
      app: cpuMsOf(app.child.pid),
      own: ownCpuMs(),
      redis: await redisCpuMs(redis.url),
    };
    measuring = true;
    for (let round = 0; round < rounds; round++) {
      const roundStart = performance.now();
      for (const parent of parents) {
        const marker = `p-${parent.id}-${round}`;
        sentAt.set(marker, performance.now());
        parent.sendText(`Сұрақ ${marker}`);
      }
      await Promise.all(
        parents.map(async (parent) => {
          const { conversationId, operator } = conversations.get(parent.id) ?? {};
          if (!conversationId || !operator) return;
          const marker = `o-${parent.id}-${round}`;
          answeredAt.set(marker, performance.now());
          const response = await operator.client.post(
            `/console/handoff/${conversationId}/messages`,
            { text: `Жауап ${marker}`, _csrf: operator.csrf },
            { accept: "application/json" },
          );
          if (response.status !== 200) throw new Error(`reply refused: ${response.status}`);
          await response.arrayBuffer();
        }),
      );
      const left = 1100 - (performance.now() - roundStart);
      if (left > 0) await sleep(left);
    }
    // Everything sent must arrive: wait up to 20 s for stragglers, then count.
    const expected = parentCount * rounds;
    for (
      let waited = 0;
      waited < 20_000 && (seenByOperators.size < expected || seenByParents.size < expected);
      waited += 20
    )
      await sleep(20);
    const wallMs = performance.now() - started;
    const cpu = {
      app: cpuMsOf(app.child.pid) - cpuAtStart.app,
      own: ownCpuMs() - cpuAtStart.own,
      redis: (await redisCpuMs(redis.url)) - cpuAtStart.redis,
    };
    profileWindow = { fromUs, toUs: Number(process.hrtime.bigint() / 1000n) };
    const messages = 2 * parentCount * rounds;

    const duplicated = (seen: Map<string, number>) =>
      [...seen.values()].filter((n) => n > 1).length;
    // Most messages one chat received within any 1,000 ms (the Bot API server's own meter).
    const perSecond = (times: number[]) => {
      let most = 0;
      for (let i = 0, j = 0; i < times.length; i++) {
        while ((times[i] as number) - (times[j] as number) >= 1000) j++;
        most = Math.max(most, i - j + 1);
      }
      return most;
    };
    const maxPerChat = Math.max(...[...arrivals.values()].map(perSecond));
    const ms = (n: number) => `${n.toFixed(0)} ms`;
    const busy = (cpuMs: number) => `${Math.round((cpuMs / wallMs) * 100)}%`;
    console.log(
      [
        `handoff bench: ${parentCount} parents, ${operatorCount} operators, ${rounds} rounds, ${(wallMs / 1000).toFixed(1)} s, load ${loadBefore.toFixed(1)} → ${os.loadavg()[0]?.toFixed(1)} on ${os.cpus().length} cores; the app (dist/main.js, LOG_LEVEL=${values["log-level"]}) in its own process`,
        `parent → operator screen (bot → SQLite → Redis pub/sub → SSE): p50 ${ms(percentile(toOperator, 50))}, p99 ${ms(percentile(toOperator, 99))} (${toOperator.length} messages)`,
        `operator → parent chat (HTTP → SQLite → Bot API, BullMQ as fallback): p50 ${ms(percentile(toParent, 50))}, p99 ${ms(percentile(toParent, 99))} (${toParent.length} messages)`,
        `lost: parent→operator ${expected - seenByOperators.size}, operator→parent ${expected - seenByParents.size}; duplicated: ${duplicated(seenByOperators)} / ${duplicated(seenByParents)}`,
        `most messages to one chat within a second during the rounds: ${maxPerChat}`,
        `app process CPU: ${(cpu.app / messages).toFixed(2)} ms per message (both directions, ${messages} messages)`,
        `busy (CPU ÷ wall time of the rounds, one core = 100%): app ${busy(cpu.app)}, outside world (fake Telegram, parents, operators' browsers) ${busy(cpu.own)}, redis-server ${busy(cpu.redis)}`,
      ].join("\n"),
    );
  } finally {
    for (const stop of stops) await stop();
    await app.stop();
    if (profileDir && profileWindow) {
      const file = readdirSync(profileDir)
        .filter((name) => name.includes(`.${app.child.pid}.`) && name.endsWith(".cpuprofile"))
        .map((name) => path.join(profileDir, name))[0];
      if (file && cutProfile(file, profileWindow.fromUs, profileWindow.toUs))
        console.log(`CPU profile of the app during the rounds: ${file}`);
      else if (file) console.log(`CPU profile of the app (whole run, not cut): ${file}`);
    }
    await api.close();
    await redis.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
process.exit(0);
