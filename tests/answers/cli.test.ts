import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { PassThrough, Readable } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/run.ts";
import { loadConfig } from "../../src/config.ts";

const dir = await mkdtemp(path.join(os.tmpdir(), "qoldau-cli-"));
afterAll(() => rm(dir, { recursive: true, force: true }));
const config = loadConfig({
  NODE_ENV: "test",
  LOG_LEVEL: "error",
  DATABASE_PATH: path.join(dir, "qoldau.sqlite"),
});

/** The CLI as `npm run cli` runs it, in this process: its exit code and what it printed. */
async function cli(args: string[], input = "") {
  const stdout = new PassThrough();
  const chunks: Buffer[] = [];
  stdout.on("data", (chunk: Buffer) => chunks.push(chunk));
  const code = await runCli(args, config, { stdin: Readable.from([input]), stdout });
  stdout.end();
  expect(code).toBe(0);
  return { stdout: Buffer.concat(chunks).toString("utf8") };
}

describe("CLI contract: ask and search", { timeout: 60_000 }, () => {
  it("ask --json prints one object with the contract fields", async () => {
    const { stdout } = await cli([
      "ask",
      "--json",
      "сколько дней рассматривают заявление на надомку?",
    ]);
    const answer = JSON.parse(stdout) as Record<string, unknown>;
    expect(Object.keys(answer).sort()).toEqual([
      "answer",
      "citations",
      "confidence",
      "lang",
      "service",
    ]);
    expect(answer.lang).toBe("ru");
    expect(answer.service).toBe("home_schooling");
    expect(answer.answer).toContain("2 рабочих дня");
    const citations = answer.citations as Array<Record<string, unknown>>;
    expect(citations.length).toBeGreaterThan(0);
    for (const c of citations)
      expect(Object.keys(c).sort()).toEqual(["date", "locator", "source", "status", "title"]);
  });

  it("ask --jsonl answers every line in one process, keeping ids", async () => {
    const input = [
      JSON.stringify({ id: "a", question: "үйде оқыту тегін бе?" }),
      JSON.stringify({ id: 7, question: "как поступить в вуз на грант" }),
      "",
    ].join("\n");
    const { stdout } = await cli(["ask", "--jsonl"], input);
    const lines = stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.id)).toEqual(["a", 7]);
    expect(lines[0]?.lang).toBe("kk");
    expect(lines[0]?.service).toBe("home_schooling");
    expect(lines[1]?.service).toBeNull();
  });

  it("ask prints the answer text", async () => {
    const text = await cli(["ask", "баламды үйде оқытуға қандай құжаттар керек?"]);
    expect(text.stdout).toContain("Құжаттар:");
  });

  it("search --json prints scored passages with citations", async () => {
    const { stdout } = await cli(["search", "--json", "ВКК қорытындысы"]);
    const result = JSON.parse(stdout) as {
      results: Array<{ score: number; citation: { source: string } }>;
    };
    expect(result.results.length).toBeGreaterThan(0);
    expect(result.results[0]?.score).toBeGreaterThan(0);
    expect(result.results[0]?.citation.source).toBeTruthy();
  });
});
