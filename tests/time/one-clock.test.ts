import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { addDays, daysBetween, formatDotted, UTC_OFFSET } from "../../src/time/local-time.ts";

/** Every `.ts` file under `dir`, as paths relative to the repository. */
async function sources(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return sources(full);
      return Promise.resolve(entry.name.endsWith(".ts") ? [full] : []);
    }),
  );
  return nested.flat();
}

/** Code lines only: a comment may show an example date or offset. */
function codeLines(text: string): string[] {
  return text.split("\n").filter((line) => !/^\s*(\/\/|\/?\*)/.test(line));
}

/** Ways a second copy of the local-time rules gets written by hand. */
const handWritten: Array<[string, RegExp]> = [
  ["dd.mm.yyyy built from parts", /\$\{[^}]*\}\.\$\{[^}]*\}\.\$\{[^}]*\}/],
  ["dd.mm.yyyy by reversing an ISO date", /\.reverse\(\)\.join\("\."\)/],
  ["a hard-coded UTC offset", /["'`][+-]\d{2}:\d{2}["'`]/],
  ["dd.mm.yyyy parsed by its own pattern", /\\d\{1,2\}\)\\\.\(\\d\{1,2\}\)/],
];

describe("local time lives in src/time/local-time.ts only", () => {
  it("no other module formats dd.mm.yyyy, parses it or writes Almaty's offset by hand", async () => {
    const offenders: string[] = [];
    for (const file of await sources("src")) {
      if (file.startsWith(path.join("src", "time"))) continue;
      const lines = codeLines(await readFile(file, "utf8"));
      for (const [what, pattern] of handWritten)
        if (lines.some((line) => pattern.test(line))) offenders.push(`${file}: ${what}`);
    }
    expect(offenders).toEqual([]);
  });

  it("writes the dates parents read the way Kazakhstan writes them", () => {
    expect(formatDotted("2026-08-31")).toBe("31.08.2026");
    expect(daysBetween("2026-08-25", "2026-08-31")).toBe(6);
    expect(addDays("2026-08-31", -7)).toBe("2026-08-24");
    // All of Kazakhstan has been on UTC+5 since 1 March 2024.
    expect(UTC_OFFSET).toBe("+05:00");
  });
});
