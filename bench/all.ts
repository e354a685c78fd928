/**
 * `npm run bench`: runs bench:startup, bench:bot, bench:status and bench:console one after the
 * other (each starts its anchor in the same process tree), then prints one table of Qoldau,
 * anchor and ratio with the date and the load average, as the README quotes it. Loopback only;
 * each bench is bounded by its own counts and durations, and by `LIMIT_MS` here.
 */
import { spawn } from "node:child_process";
import os from "node:os";

const LIMIT_MS = 15 * 60_000;

interface Row {
  what: string;
  qoldau: number;
  anchor: number | null;
  ratio: number | null;
  /** Where the ratio is the median of several rounds' or pairs' ratios: their range. */
  ratioMin?: number;
  ratioMax?: number;
  lowerIsBetter: boolean;
}

const benches: Array<{ name: string; args: string[]; target: Record<string, string> }> = [
  {
    name: "startup",
    args: ["bench/startup.ts", "--runs", "3"],
    target: { "cold start to /healthz (ms)": "≤ 3×", "RSS 3 s after start (MB)": "< 150 MB" },
  },
  {
    name: "bot",
    // Six Qoldau–anchor pairs, interleaved, each bot first in three (about 2 minutes on a
    // quiet 2-core machine): the table shows the median of the pairs' ratios and their range.
    args: ["bench/bot.ts", "--pairs", "6", "--seconds", "3", "--questions", "1"],
    target: {
      "bot, navigation, saturated (upd/s)": "≥ 0.85×",
      "bot, p99 at 1000/s offered (ms)": "< 20 ms",
    },
  },
  {
    name: "status",
    // Three registry/anchor pairs in turn, the median ratio: one pair moved 0.70–0.98 on a quiet machine.
    args: ["bench/status.ts", "--lookups", "5000", "--registry-only", "--repeats", "3"],
    target: { "status, registry lookups (/s)": "≥ 0.75×" },
  },
  {
    name: "console",
    args: ["bench/console.ts"],
    target: {
      "console, saturated (req/s)": "≥ 0.6×",
      "console, p99 at 50 typing operators (ms)": "< 15 ms",
    },
  },
];

function runOne(args: string[]): Promise<Row[]> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", ...args], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    const timer = setTimeout(() => child.kill("SIGTERM"), LIMIT_MS);
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      process.stdout.write(chunk);
    });
    child.once("exit", () => {
      clearTimeout(timer);
      const line = out.split("\n").find((l) => l.startsWith("BENCH_JSON "));
      resolve(line ? (JSON.parse(line.slice(11)) as { rows: Row[] }).rows : []);
    });
  });
}

const started = new Date();
const loadBefore = os.loadavg();
const rows: Array<Row & { target: string }> = [];
for (const bench of benches) {
  console.log(`\n=== bench:${bench.name} ===`);
  for (const row of await runOne(bench.args))
    rows.push({ ...row, target: bench.target[row.what] ?? "" });
}
const fmt = (n: number | null) =>
  n === null ? "—" : n >= 100 ? String(Math.round(n)) : n.toFixed(n >= 10 ? 1 : 2);
const load = (l: number[]) => l.map((n) => n.toFixed(2)).join(" ");
console.log(
  `\n${started.toISOString().slice(0, 16).replace("T", " ")} UTC, ${os.cpus().length} CPUs, load average ${load(loadBefore)} before, ${load(os.loadavg())} after\n`,
);
console.log("| what | Qoldau | anchor | ratio | target |");
console.log("| --- | --- | --- | --- | --- |");
const ratioOf = (row: Row) => {
  if (row.ratio === null) return "—";
  const range =
    row.ratioMin === undefined || row.ratioMax === undefined
      ? ""
      : ` (${row.ratioMin.toFixed(2)}–${row.ratioMax.toFixed(2)})`;
  return `${row.ratio.toFixed(2)}×${range}`;
};
for (const row of rows)
  console.log(
    `| ${row.what} | ${fmt(row.qoldau)} | ${fmt(row.anchor)} | ${ratioOf(row)} | ${row.target} |`,
  );
