/**
 * npm run bench:bot [-- --pairs 6 --parents 200 --rounds 6 --questions 5]
 * npm run bench:bot -- --instances 2   (several app processes on PostgreSQL: bench/bot-instances.ts)
 *
 * Starts the bot as in production (startBot from the compiled dist/: runner long polling, Redis
 * sessions, SQLite; `bench/support/bot-process.ts`) against the loopback Telegram Bot API server
 * and a redis-server of its own; N simulated parents warm it up, then act concurrently, each
 * waiting for the bot's reply before the next action (as a person does).
 * Prints updates/s and p50/p99 update→reply for menu navigation and for free-text answers.
 * Flood limits of the fake API and the bot's per-user limiter are off: this measures the bot.
 *
 * One run of each bot is noise on a shared machine (three back-to-back single pairs gave
 * navigation ratios 1.28, 0.57 and 0.79), so Qoldau and the anchor run in `--pairs` pairs, in the
 * order Q A, A Q, Q A… (drift in the machine's load falls on both alike), each run in fresh
 * processes; the summary is the median of the pairs' ratios with their range. Free text, which
 * the anchor does not answer, is measured in the first pair only.
 */
import { fork } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import type { Message } from "grammy/types";
import { buildIfStale } from "../scripts/build.mjs";
import { startTestRedis } from "../tests/support/redis-server.ts";
import { type SimulatedUser, startTelegramApiServer } from "../tests/support/telegram-api/index.ts";
import type { AnchorScreens } from "./anchors/grammy-bot.ts";
import { runInstancesBench } from "./bot-instances.ts";
import { startScriptNodeFlags } from "./support/node-flags.ts";

const { values } = parseArgs({
  options: {
    /**
     * `qoldau` (default): the anchor shows the screens Qoldau showed at the same steps (same text,
     * entities and keyboard, so the same bytes per press: the gap is then the framework's, not
     * the product's content); `own`: its own 15-character screens.
     */
    "anchor-screens": { type: "string", default: "qoldau" },
    /** Measure Qoldau only (no anchor run). */
    "no-anchor": { type: "boolean", default: false },
    /** Qoldau–anchor pairs (default 6, so that each bot runs first in half of them; 1 Qoldau run with `--no-anchor`). */
    pairs: { type: "string" },
    /** Writes a V8 CPU profile of the bot process into this folder (open in Chrome DevTools). */
    "cpu-prof": { type: "string" },
    /** Writes a sampling heap profile (every allocation, collected or not) of the bot process into this folder. */
    "heap-prof": { type: "string" },
    /** Extra Node flags for the bot process (e.g. --node-flag=--max-semi-space-size=32). */
    "node-flag": { type: "string", multiple: true },
    parents: { type: "string", default: "200" },
    rounds: { type: "string", default: "6" },
    /**
     * Navigation rounds every parent makes before anything is measured, so that both bots are
     * measured warm (compiled, caches filled), as a bot is after its first minutes of a shift.
     */
    "warmup-rounds": { type: "string", default: "3" },
    questions: { type: "string", default: "5" },
    /** Open-loop navigation: presses per second offered, for this many seconds. */
    rate: { type: "string", default: "1000" },
    seconds: { type: "string", default: "5" },
    /** N app processes on PostgreSQL behind a proxy, next to one on SQLite (bench/bot-instances.ts). */
    instances: { type: "string" },
  },
});
const parents = Number(values.parents);
const rounds = Number(values.rounds);
const warmupRounds = Number(values["warmup-rounds"]);
const questionsPerParent = Number(values.questions);
const rate = Number(values.rate);
const seconds = Number(values.seconds);
const pairs = Math.max(1, Number(values.pairs ?? (values["no-anchor"] ? 1 : 6)));

const questions = [
  "Үйде оқытуға қандай құжаттар керек?",
  "Какие документы нужны для обучения на дому?",
  "ПМПК қорытындысын қалай алуға болады?",
  "сколько дней рассматривают заявление на реабилитацию",
  "бірінші сыныпқа құжат қабылдау қашан басталады",
  "как подать заявление в специальную школу через egov",
];

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

const percent = (share: number) => `${Math.round(share * 100)}%`;

interface Figures {
  perSecond: number;
  p50: number;
  p99: number;
  cpuMsPerUpdate: number;
  /** Share of one core the bot process used while measured. */
  botBusy: number;
}

function report(
  name: string,
  latencies: number[],
  ms: number,
  botCpuMs: number,
  benchCpuMs: number,
  botMainMs = Number.NaN,
): Figures {
  const sorted = [...latencies].sort((a, b) => a - b);
  console.log(
    `${name.padEnd(26)} ${String(latencies.length).padStart(6)} updates in ${(ms / 1000).toFixed(2)} s` +
      `  ${Math.round((latencies.length / ms) * 1000)} updates/s` +
      `  p50 ${percentile(sorted, 50).toFixed(1)} ms  p99 ${percentile(sorted, 99).toFixed(1)} ms` +
      `  max ${(sorted.at(-1) ?? 0).toFixed(1)} ms` +
      `  | bot CPU ${(botCpuMs / latencies.length).toFixed(2)} ms/update` +
      ` (≈${Math.round((latencies.length / botCpuMs) * 1000)} updates/s per free core` +
      `${Number.isFinite(botMainMs) ? `; main thread ${(botMainMs / latencies.length).toFixed(2)} ms` : ""})` +
      `  | fake Telegram + parents CPU ${(benchCpuMs / latencies.length).toFixed(2)} ms/update`,
  );
  // Both processes share this machine's cores (and redis-server takes its part): how busy each
  // was says whether a latency is the bot's own work or waiting for a core.
  console.log(
    `  busy: bot process ${percent(botCpuMs / ms)} of one core, fake Telegram + parents ` +
      `${percent(benchCpuMs / ms)}; ${os.cpus().length} cores, load ${os.loadavg()[0]?.toFixed(1)}`,
  );
  return {
    perSecond: (latencies.length / ms) * 1000,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    cpuMsPerUpdate: botCpuMs / latencies.length,
    botBusy: botCpuMs / ms,
  };
}

const dataFor = (message: Message, suffix: string) => {
  const rows = message.reply_markup?.inline_keyboard ?? [];
  for (const row of rows)
    for (const button of row)
      if ("callback_data" in button && button.callback_data.endsWith(suffix))
        return button.callback_data;
  throw new Error(`no button ${suffix}`);
};

async function timed(latencies: number[], act: () => void, parent: SimulatedUser) {
  const started = performance.now();
  act();
  const reply = await parent.waitForMessage(undefined, 10_000);
  latencies.push(performance.now() - started);
  return reply;
}

if (values.instances) {
  // The bot's per-user limiter (20 at once, 3/s) is on in the app: at most 4 rounds (16 presses).
  await runInstancesBench({
    instances: Number(values.instances),
    parents,
    rounds: Math.min(rounds, 4),
  });
} else {
  buildIfStale();
  await runPairs();
}

// Function declarations: the top-level `await` above calls these before this line is reached.
function median(numbers: number[]): number {
  const sorted = [...numbers].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

function loadNow(): string {
  return os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");
}

/**
 * Qoldau and the anchor in interleaved pairs (Q A, A Q, Q A…), each run in fresh processes.
 * Qoldau runs first in the first pair: it records the screens `--anchor-screens qoldau` hands
 * to the anchor, and answers the free-text questions (that pair only).
 */
async function runPairs() {
  const screens: AnchorScreens = {};
  const started = performance.now();
  const loadBefore = loadNow();
  const measured: Array<{ qoldau: RunFigures; anchor?: RunFigures }> = [];
  // Qoldau's screens, written once for the anchor's runs (pair 1 runs Qoldau first).
  let screensFile: string | undefined;
  const anchorScreensFile = async () => {
    if (screensFile) return screensFile;
    screensFile = path.join(await mkdtemp(path.join(os.tmpdir(), "qoldau-bench-")), "screens.json");
    await writeFile(screensFile, JSON.stringify(screens));
    console.log(
      `the anchor shows Qoldau's screens: ${Object.entries(screens)
        .map(([key, shown]) => `${key} ${shown.text.length} chars`)
        .join(", ")}`,
    );
    return screensFile;
  };
  try {
    for (let pair = 0; pair < pairs; pair++) {
      const qoldauFirst = pair % 2 === 0;
      const runQoldau = () => {
        console.log(`\n--- pair ${pair + 1}/${pairs}: Qoldau ---`);
        return runBench(false, screens, undefined, pair === 0);
      };
      const runAnchor = async () => {
        console.log(`\n--- pair ${pair + 1}/${pairs}: anchor ---`);
        return runBench(
          true,
          screens,
          values["anchor-screens"] === "qoldau" ? await anchorScreensFile() : undefined,
          false,
        );
      };
      if (values["no-anchor"]) {
        measured.push({ qoldau: await runQoldau() });
        continue;
      }
      const first = qoldauFirst ? await runQoldau() : await runAnchor();
      const second = qoldauFirst ? await runAnchor() : await runQoldau();
      const qoldau = qoldauFirst ? first : second;
      const anchor = qoldauFirst ? second : first;
      measured.push({ qoldau, anchor });
      const both = (q: number, a: number, digits: number) =>
        `${q.toFixed(digits)}/${a.toFixed(digits)} (${(q / a).toFixed(2)})`;
      console.log(
        `pair ${pair + 1} (${qoldauFirst ? "Qoldau first" : "anchor first"}), Qoldau/anchor (ratio): ` +
          `navigation saturated ${both(qoldau.closed.perSecond, anchor.closed.perSecond, 0)} upd/s, ` +
          `CPU per update ${both(qoldau.closed.cpuMsPerUpdate, anchor.closed.cpuMsPerUpdate, 2)} ms, ` +
          `p99 at ${rate}/s ${both(qoldau.open.p99, anchor.open.p99, 1)} ms; load ${loadNow()}`,
      );
    }
  } finally {
    if (screensFile) await rm(path.dirname(screensFile), { recursive: true, force: true });
  }
  const elapsed = ((performance.now() - started) / 1000).toFixed(0);
  if (values["no-anchor"]) {
    if (pairs > 1)
      console.log(
        `\nbench:bot, Qoldau alone, median of ${pairs} runs: navigation saturated ${median(measured.map((m) => m.qoldau.closed.perSecond)).toFixed(0)} upd/s, ` +
          `CPU per update ${median(measured.map((m) => m.qoldau.closed.cpuMsPerUpdate)).toFixed(2)} ms, ` +
          `p99 at ${rate}/s ${median(measured.map((m) => m.qoldau.open.p99)).toFixed(1)} ms; ${elapsed} s, load ${loadBefore} before, ${loadNow()} after`,
      );
    return;
  }
  const pick = (figure: (f: RunFigures) => number) => ({
    qoldau: measured.map((m) => figure(m.qoldau)),
    anchor: measured.map((m) => figure(m.anchor as RunFigures)),
  });
  const row = (
    what: string,
    values: { qoldau: number[]; anchor: number[] },
    unit: string,
    lowerIsBetter = false,
  ) => {
    const ratios = values.qoldau.map((q, i) => q / (values.anchor[i] ?? Number.NaN));
    const ratio = median(ratios);
    const q = median(values.qoldau);
    const a = median(values.anchor);
    const digits = unit === "ms" ? 2 : 0;
    // Pairs alternate who runs first: if the order itself moves the figures, the two halves
    // differ, and an even number of pairs weighs both orders alike.
    const byOrder = (first: number) => median(ratios.filter((_, i) => i % 2 === first)).toFixed(2);
    console.log(
      `${what.padEnd(24)} Qoldau ${q.toFixed(digits).padStart(7)} ${unit.padEnd(5)}  anchor ${a.toFixed(digits).padStart(7)} ${unit.padEnd(5)}` +
        `  ratio ${ratio.toFixed(2)} (${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}; pairs ${ratios.map((r) => r.toFixed(2)).join(", ")}` +
        `${ratios.length > 1 ? `; Qoldau first ${byOrder(0)}, anchor first ${byOrder(1)}` : ""})`,
    );
    return {
      what: `bot, ${what} (${unit})`,
      qoldau: q,
      anchor: a,
      ratio,
      ratioMin: Math.min(...ratios),
      ratioMax: Math.max(...ratios),
      pairs: ratios.length,
      lowerIsBetter,
    };
  };
  console.log(
    `\nbench:bot, Qoldau vs stock grammY (same transport, anchor's screens: ${values["anchor-screens"]}), ` +
      `${pairs} pairs in ${elapsed} s; load ${loadBefore} before, ${loadNow()} after. ` +
      "Qoldau and anchor: medians of the runs; ratio: median of the pairs' ratios (min–max)",
  );
  const rows = [
    row(
      "navigation, saturated",
      pick((f) => f.closed.perSecond),
      "upd/s",
    ),
    row(
      "CPU per update",
      pick((f) => f.closed.cpuMsPerUpdate),
      "ms",
      true,
    ),
    row(
      `p99 at ${rate}/s offered`,
      pick((f) => f.open.p99),
      "ms",
      true,
    ),
  ];
  console.log(`BENCH_JSON ${JSON.stringify({ bench: "bot", pairs, rows })}`);
}

interface RunFigures {
  closed: Figures;
  open: Figures;
}

/**
 * Runs one bot under the simulated parents. Qoldau's run records the screens it showed into
 * `screens`; the anchor's run, given `screensFile`, shows those instead of its own.
 */
async function runBench(
  anchor: boolean,
  screens: AnchorScreens,
  screensFile: string | undefined,
  withFreeText: boolean,
): Promise<RunFigures> {
  const redis = await startTestRedis();
  // A short history per chat: the fake Telegram keeps what the bench reads (the last screen),
  // not a thousand edits per parent for its garbage collector to walk.
  const api = await startTelegramApiServer({ limits: false, callLog: false, historyPerChat: 20 });
  const child = fork(
    fileURLToPath(new URL("./support/bot-process.ts", import.meta.url)),
    [
      ...(anchor ? ["--anchor"] : []),
      ...(values["heap-prof"] ? ["--heap-prof", values["heap-prof"]] : []),
      api.token,
      api.apiRoot,
      redis.url,
      ...(screensFile ? [screensFile] : []),
    ],
    {
      execArgv: [
        "--import",
        "tsx",
        ...startScriptNodeFlags(),
        ...(values["cpu-prof"] ? ["--cpu-prof", "--cpu-prof-dir", values["cpu-prof"]] : []),
        ...(values["node-flag"] ?? []),
      ],
    },
  );
  const botCpu = () =>
    new Promise<{ cpuMs: number; mainMs: number }>((resolve) => {
      child.once("message", (m) => resolve(m as { cpuMs: number; mainMs: number }));
      child.send("cpu");
    });
  let nextId = 5000;
  try {
    await new Promise<void>((resolve, reject) => {
      child.once("message", () => resolve());
      child.once("exit", (code) => reject(new Error(`bot process exited with ${code}`)));
    });
    const users = Array.from({ length: parents }, (_, i) =>
      api.user({ id: nextId++, firstName: "Ата-ана", languageCode: i % 2 === 0 ? "kk" : "ru" }),
    );
    console.log(
      `bench:bot — ${anchor ? "ANCHOR (stock grammY)" : "Qoldau"}, ${parents} parents, bot in its own process, Node ${process.version}`,
    );

    // Warm-up: every parent opens the flow once (creates its session).
    const firstScreens = await Promise.all(
      users.map(async (u) => {
        u.sendCommand("/flow");
        return u.waitForMessage(undefined, 10_000);
      }),
    );

    // The four presses of a navigation round: in, in, Back, Back (each edits the screen).
    const steps = [":health", ":yes", ":<", ":<"];
    /** The step each press leads to, by the anchor's names (its session path's last entry). */
    const shownAfter = ["health", "yes", "health", "start"];
    const record = (i: number, step: string, message: Message) => {
      const key = `${i % 2 === 0 ? "kk" : "ru"}:${step}`;
      if (anchor || screens[key] || !message.text || !message.reply_markup) return;
      screens[key] = {
        text: message.text,
        ...(message.entities ? { entities: message.entities } : {}),
        reply_markup: message.reply_markup,
      };
    };
    firstScreens.forEach((message, i) => {
      record(i, "start", message);
    });
    const state = users.map((_, i) => ({ screen: firstScreens[i] as Message, step: 0 }));
    const press = (i: number, latencies: number[]) => {
      const parent = users[i] as SimulatedUser;
      const s = state[i] as { screen: Message; step: number };
      const suffix = steps[s.step % steps.length] as string;
      const shown = shownAfter[s.step % steps.length] as string;
      s.step += 1;
      return timed(
        latencies,
        () => parent.pressButton(s.screen, dataFor(s.screen, suffix)),
        parent,
      ).then((reply) => {
        s.screen = reply;
        record(i, shown, reply);
      });
    };
    const measure = async (run: () => Promise<void>) => {
      const bot = await botCpu();
      const bench = process.cpuUsage();
      const started = performance.now();
      await run();
      const ms = performance.now() - started;
      const { user, system } = process.cpuUsage(bench);
      const after = await botCpu();
      return {
        ms,
        botCpuMs: after.cpuMs - bot.cpuMs,
        botMainMs: after.mainMs - bot.mainMs,
        benchCpuMs: (user + system) / 1000,
      };
    };

    // Unmeasured warm-up: without it the first seconds of either bot are V8 compiling on its
    // helper threads, more of it for the bot with more code, which is start-up and not the work
    // per update. Same presses as the closed loop, so every path below is compiled.
    await Promise.all(
      users.map(async (_, i) => {
        for (let r = 0; r < warmupRounds * steps.length; r++) await press(i, []);
      }),
    );

    // Closed loop: every parent presses again as soon as the reply comes. Saturation: by Little's law its latency is parents /
    // throughput, so it says nothing about p99 at a given rate; the open loop below does.
    const navigation: number[] = [];
    const callsBefore = api.stats.byMethod;
    const closed = await measure(async () => {
      await Promise.all(
        users.map(async (_, i) => {
          for (let r = 0; r < rounds * steps.length; r++) await press(i, navigation);
        }),
      );
    });
    const closedFigures = report(
      "navigation, saturated",
      navigation,
      closed.ms,
      closed.botCpuMs,
      closed.benchCpuMs,
      closed.botMainMs,
    );
    // What each press cost in Bot API calls (both bots should make the same ones).
    const callsAfter = api.stats.byMethod;
    console.log(
      `  Bot API calls per press: ${Object.entries(callsAfter)
        .map(
          ([method, n]) => [method, (n - (callsBefore[method] ?? 0)) / navigation.length] as const,
        )
        .filter(([, perPress]) => perPress > 0)
        .map(([method, perPress]) => `${method} ${perPress.toFixed(2)}`)
        .join(", ")}`,
    );

    // Open loop (the issue's target: "1,000 updates/s with p99 under 50 ms"): presses arrive at a
    // fixed rate whatever the bot does, each from a parent who is not waiting for a reply.
    const openLoop: number[] = [];
    let refused = 0;
    const open = await measure(async () => {
      const idle = users.map((_, i) => i);
      const inFlight: Promise<void>[] = [];
      const total = Math.round(rate * seconds);
      const started = performance.now();
      let sent = 0;
      while (sent < total) {
        const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * rate));
        for (; sent < due; sent++) {
          const i = idle.pop();
          if (i === undefined) {
            refused += 1; // every parent is waiting: the bot has fallen behind the rate
            continue;
          }
          inFlight.push(press(i, openLoop).then(() => void idle.push(i)));
        }
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
      await Promise.all(inFlight);
    });
    const openFigures = report(
      `navigation at ${rate}/s offered`,
      openLoop,
      open.ms,
      open.botCpuMs,
      open.benchCpuMs,
      open.botMainMs,
    );
    if (refused > 0)
      console.log(`  ${refused} presses not sent: all ${parents} parents were waiting`);
    // Past ~70% of a core, bursts of arrivals and garbage collections queue behind each other:
    // the tail is then the wait for the bot's core, whatever the framework.
    if (openFigures.botBusy > 0.7)
      console.log(
        `  the bot process was ${percent(openFigures.botBusy)} busy at this rate: p99 is mostly queueing for its core`,
      );

    // The anchor has no answers: free text is Qoldau's alone (measured in the first pair only).
    if (anchor || !withFreeText || questionsPerParent < 1)
      return { closed: closedFigures, open: openFigures };
    const freeText: number[] = [];
    const text = await measure(async () => {
      await Promise.all(
        users.map(async (parent, i) => {
          for (let q = 0; q < questionsPerParent; q++) {
            const question = questions[(i + q) % questions.length] as string;
            await timed(freeText, () => parent.sendText(question), parent);
          }
        }),
      );
    });
    report(
      "free text, saturated",
      freeText,
      text.ms,
      text.botCpuMs,
      text.benchCpuMs,
      text.botMainMs,
    );
    return { closed: closedFigures, open: openFigures };
  } finally {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.send("stop");
      await exited;
    }
    await api.close();
    await redis.stop();
  }
}
