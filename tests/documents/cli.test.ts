import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { PassThrough, Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { runCli } from "../../src/cli/run.ts";
import { loadConfig } from "../../src/config.ts";
import { pdfText } from "../support/pdf-text.ts";

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "qoldau-form-cli-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/**
 * `npm run cli -- form ...` in this process (as `src/cli.ts` runs it): its exit code and what it
 * wrote to stderr. A tsx start per call cost more than the command itself.
 */
async function cli(args: string[]): Promise<{ code: number; stderr: string }> {
  const config = loadConfig({ NODE_ENV: "test", LOG_LEVEL: "error" });
  const written: string[] = [];
  const stderr = vi.spyOn(console, "error").mockImplementation((...parts: unknown[]) => {
    written.push(`${parts.join(" ")}\n`);
  });
  try {
    const code = await runCli(["form", ...args], config, {
      stdin: Readable.from([]),
      stdout: new PassThrough(),
    });
    return { code, stderr: written.join("") };
  } finally {
    stderr.mockRestore();
  }
}

const valid = [
  "home_schooling",
  "--kind",
  "plain",
  "--lang",
  "kk",
  "--parent",
  "Сейітова Айгүл Нұрланқызы",
  "--child",
  "Сейітова Аружан Ерланқызы",
  "--grade",
  "5",
  "--school",
  "№ 12 мектеп-гимназия",
  "--vkk-number",
  "45/2",
  "--vkk-date",
  "2025-09-12",
];

describe("cli form", { timeout: 60_000 }, () => {
  it("writes the same PDF the bot sends, the daughter read from the patronymic", async () => {
    const out = path.join(dir, "otinish.pdf");
    const { code } = await cli([...valid, "--out", out]);
    expect(code).toBe(0);
    const text = await pdfText(await readFile(out));
    expect(text).toContain("Сейітова Айгүл Нұрланқызынан");
    expect(text).toContain("5-сыныпта оқитын қызым Сейітова Аружан Ерланқызын");
    expect(text).toContain("№ 45/2 қорытындысында");
  });

  it("exits 2 with a clear message on bad input", async () => {
    const out = path.join(dir, "bad.pdf");
    const question = await cli([
      ...valid.map((v) => (v === "Сейітова Аружан Ерланқызы" ? "а зачем вам имя ребенка" : v)),
      "--out",
      out,
    ]);
    expect(question.code).toBe(2);
    expect(question.stderr).toMatch(/--child looks like a question/);
    const kind = await cli([
      "special_admission",
      ...valid.slice(1),
      "--kind",
      "official",
      "--out",
      out,
    ]);
    expect(kind.code).toBe(2);
    expect(kind.stderr).toMatch(/"special_admission" has no official document/);
    const unknown = await cli([...valid, "--out", out, "--colour", "red"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Unknown option '--colour'/);
    const date = await cli([...valid.slice(0, -1), "12.09.2025", "--out", out]);
    expect(date.code).toBe(2);
    expect(date.stderr).toMatch(/--vkk-date must be a date YYYY-MM-DD/);
    await expect(readFile(out)).rejects.toThrow();
  });
});
