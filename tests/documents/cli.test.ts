import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pdfText } from "../support/pdf-text.ts";

const execute = promisify(execFile);
const root = new URL("../../", import.meta.url).pathname;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "qoldau-form-cli-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function cli(args: string[]): Promise<{ code: number; stderr: string }> {
  try {
    const { stderr } = await execute(
      process.execPath,
      ["--import", "tsx", "src/cli.ts", "form", ...args],
      {
        cwd: root,
        env: { PATH: process.env.PATH, NODE_ENV: "test", LOG_LEVEL: "error" },
        timeout: 90_000,
      },
    );
    return { code: 0, stderr };
  } catch (error) {
    const failed = error as { code: number; stderr: string };
    return { code: failed.code, stderr: failed.stderr };
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

describe("cli form", { timeout: 180_000 }, () => {
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
