import { afterEach, describe, expect, it, vi } from "vitest";
import { run as ask } from "../../src/cli/ask.ts";
import type { CliDeps } from "../../src/cli/deps.ts";
import { run as status } from "../../src/cli/status.ts";

// Usage errors are decided before anything starts: no Redis, no database is touched.
const noDeps = {} as CliDeps;

describe("command-line edge cases exit 2 with a message", () => {
  const errors: string[] = [];
  afterEach(() => {
    vi.restoreAllMocks();
    errors.length = 0;
  });
  const capture = () =>
    vi.spyOn(console, "error").mockImplementation((...parts: unknown[]) => {
      errors.push(parts.join(" "));
    });

  it("ask with 50,000 characters", async () => {
    capture();
    expect(await ask(["x".repeat(50_000)], noDeps)).toBe(2);
    expect(errors.join("\n")).toMatch(/longer than 2000 characters/);
  });

  it.each([
    [["65H9-THPJ-H6NA", "--timeout", "abc"], /--timeout must be/],
    [["65H9-THPJ-H6NA", "--operator", "a b"], /--operator must be/],
    [["65H9-THPJ-H6NA", "--lang", "en"], /--lang must be/],
    [["65H9-THPJ-H6NA", "--phone", "1", "--pin", "2"], /not both/],
    [["65H9-THPJ-H6NA", "--bogus"], /Unknown option/],
    [[], /application ID is required/],
  ])("status %j", async (args, message) => {
    capture();
    expect(await status(args as string[], noDeps)).toBe(2);
    expect(errors.join("\n")).toMatch(message);
    expect(errors.join("\n")).toContain("Usage:");
  });
});
