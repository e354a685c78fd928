import { describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.ts";

describe("loadConfig", () => {
  it("starts with no configuration at all: local Redis, SQLite under .data, port 3000 on loopback", () => {
    const config = loadConfig({});
    expect(config.REDIS_URL).toBeUndefined();
    expect(config.PORT).toBe(3000);
    expect(config.HOST).toBe("127.0.0.1");
    expect(config.DATABASE_PATH).toBe(".data/qoldau.sqlite");
    expect(config.BOT_TOKEN).toBeUndefined();
    expect(config.TELEGRAM_API_ROOT).toBe("https://api.telegram.org");
    expect(config.DEMO_DATA).toBe(false);
  });

  it("refuses webhook mode in production without one WEBHOOK_SECRET for all instances", () => {
    const production = {
      NODE_ENV: "production",
      SESSION_SECRET: "config-test-session-secret-0123456789",
      PHONE_HASH_SECRET: "config-test-phone-hash-secret-0123456789",
      WEBHOOK_URL: "https://bot.example.kz",
    };
    expect(() => loadConfig(production)).toThrow(/WEBHOOK_SECRET/);
    const secret = "config-test-webhook-secret-0123456789";
    expect(loadConfig({ ...production, WEBHOOK_SECRET: secret }).WEBHOOK_SECRET).toBe(secret);
  });

  it("treats empty variables from .env files as unset", () => {
    const config = loadConfig({ REDIS_URL: "", BOT_TOKEN: "", OPENAI_API_KEY: "" });
    expect(config.REDIS_URL).toBeUndefined();
    expect(config.BOT_TOKEN).toBeUndefined();
    expect(config.OPENAI_API_KEY).toBeUndefined();
  });

  it("parses numbers and booleans from strings", () => {
    const config = loadConfig({
      PORT: "8080",
      DEMO_DATA: "1",
      REDIS_URL: "redis://127.0.0.1:6379",
    });
    expect(config.PORT).toBe(8080);
    expect(config.DEMO_DATA).toBe(true);
    expect(config.REDIS_URL).toBe("redis://127.0.0.1:6379");
  });

  it.each([
    ["PORT", "eighty", /PORT/],
    ["PORT", "70000", /PORT/],
    ["REDIS_URL", "http://localhost:6379", /REDIS_URL/],
    ["REDIS_URL", "redis+cluster://10.0.0.1", /REDIS_URL: expected host:port/],
    ["REDIS_URL", "redis+sentinel://10.0.0.1:26379", /REDIS_URL: expected redis\+sentinel/],
    ["BOT_TOKEN", "not-a-token", /BOT_TOKEN: expected a Telegram bot token/],
    ["DEMO_DATA", "maybe", /DEMO_DATA/],
    ["ADMIN_PASSWORD", "short", /ADMIN_PASSWORD: at least 10 characters/],
    ["LOG_LEVEL", "loud", /LOG_LEVEL/],
  ])("stops start-up on a bad %s=%s and names the variable", (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(message);
    expect(() => loadConfig({ [name]: value })).toThrow(/^Invalid config/);
  });
});
