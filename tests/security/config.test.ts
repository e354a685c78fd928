import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { loadConfig, PUBLISHED_PHONE_HASH_SECRET } from "../../src/config.ts";

const production = {
  NODE_ENV: "production",
  SESSION_SECRET: "production-session-secret-0123456789abcdef",
  PHONE_HASH_SECRET: "production-phone-hash-secret-0123456789",
};

describe("production start with default secrets", () => {
  it("refuses the published, a missing or a short secret, naming the variable", () => {
    expect(() => loadConfig(production)).not.toThrow();
    const { PHONE_HASH_SECRET: _phone, ...withoutPhone } = production;
    expect(() => loadConfig(withoutPhone)).toThrow(/PHONE_HASH_SECRET: the published example/);
    expect(() =>
      loadConfig({ ...production, PHONE_HASH_SECRET: PUBLISHED_PHONE_HASH_SECRET }),
    ).toThrow(/PHONE_HASH_SECRET/);
    expect(() => loadConfig({ ...production, PHONE_HASH_SECRET: "short-but-16-chars" })).toThrow(
      /PHONE_HASH_SECRET: at least 32/,
    );
    const { SESSION_SECRET: _session, ...withoutSession } = production;
    expect(() => loadConfig(withoutSession)).toThrow(/SESSION_SECRET: required in production/);
    expect(() => loadConfig({ ...production, SESSION_SECRET: "too-short" })).toThrow(
      /SESSION_SECRET/,
    );
  });

  it("stops `src/main.ts` before anything starts, with the variable named on stderr", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
      env: {
        PATH: process.env.PATH,
        NODE_ENV: "production",
        SESSION_SECRET: production.SESSION_SECRET,
        PHONE_HASH_SECRET: PUBLISHED_PHONE_HASH_SECRET,
        REDIS_URL: "redis://127.0.0.1:1",
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    expect(code).not.toBe(0);
    expect(output).toContain("PHONE_HASH_SECRET");
    // Importing the whole app takes a while on a busy machine.
  }, 120_000);
});

describe("every variable is validated and a wrong one names itself", () => {
  const cases: [string, string][] = [
    ["QUIET_HOURS_TIMEZONE", "Mars/Olympus"],
    ["PROVIDER_API_TOKENS", "x:short"],
    ["PROVIDER_API_TOKENS", "no-colon-at-all-0123456789abcdef"],
    ["INFORMATION_SYSTEMS", "garbage"],
    ["INFORMATION_SYSTEMS", "Bilimal=not a url"],
    ["INFORMATION_SYSTEMS", "Bilimal=ftp://host"],
    ["TRUST_PROXY", "yes"],
    ["CONSOLE_LOGIN_FAILURES_PER_ACCOUNT", "0"],
  ];
  it.each(cases)("%s=%s", (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`${name}:`));
  });

  it("accepts the documented forms", () => {
    const config = loadConfig({
      QUIET_HOURS_TIMEZONE: "Asia/Almaty",
      PROVIDER_API_TOKENS: "ast-school-12:0123456789abcdef01234567",
      INFORMATION_SYSTEMS: "Bilimal=http://127.0.0.1:8081,Malahit=https://malahit.example",
    });
    expect(config.QUIET_HOURS_TIMEZONE).toBe("Asia/Almaty");
  });
});
