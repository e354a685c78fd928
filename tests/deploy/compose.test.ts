import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { configSchema, loadConfig } from "../../src/config.ts";

interface Service {
  profiles?: string[];
  image?: string;
  command?: string[];
  environment?: Record<string, string>;
  deploy?: { replicas?: number };
  expose?: string[];
}

const compose = parse(readFileSync("docker-compose.yml", "utf8"), { merge: true }) as {
  services: Record<string, Service>;
};
const caddyfile = readFileSync("deploy/Caddyfile", "utf8");
const appServices = Object.entries(compose.services).filter(([, s]) => s.image === undefined);

/** What `.env` would give `${NAME}` and `${NAME:?message}` in the compose file. */
const dotEnv: Record<string, string> = {
  PUBLIC_HOST: "qoldau.example.kz",
  POSTGRES_PASSWORD: "pg-password-for-the-test",
  WEBHOOK_SECRET: "a-shared-webhook-secret",
};
const substitute = (value: string) =>
  value.replace(/\$\{(\w+)(:\?[^}]*)?\}/g, (_, name: string) => dotEnv[name] ?? "");

describe("docker-compose.yml", () => {
  it("sets only variables the app's config knows, in every app service", () => {
    const known = new Set(Object.keys(configSchema.shape));
    for (const [, service] of appServices)
      for (const name of Object.keys(service.environment ?? {})) expect(known).toContain(name);
    expect(appServices.map(([name]) => name).sort()).toEqual(["app", "app-web"]);
  });

  it("runs two webhook replicas on PostgreSQL and Redis whose environment the app accepts in production", () => {
    const web = compose.services["app-web"];
    expect(web?.profiles).toEqual(["production"]);
    expect(web?.deploy?.replicas).toBe(2);
    const environment = Object.fromEntries(
      Object.entries(web?.environment ?? {}).map(([name, value]) => [name, substitute(value)]),
    );
    const config = loadConfig({
      ...environment,
      // From .env: the secrets production insists on.
      SESSION_SECRET: "s".repeat(40),
      PHONE_HASH_SECRET: "p".repeat(40),
      BOT_TOKEN: "123456:ABC-def",
    });
    expect(config.DATABASE_URL).toBe(
      "postgres://qoldau:pg-password-for-the-test@postgres:5432/qoldau",
    );
    expect(config.WEBHOOK_URL).toBe("https://qoldau.example.kz");
    expect(config.WEBHOOK_SECRET).toBe("a-shared-webhook-secret");
    expect(config.TRUST_PROXY).toBe(1);
    expect(config.REDIS_URL).toBe("redis://redis:6379");
  });

  it("keeps Redis with AOF and no eviction, and PostgreSQL, in the production profile", () => {
    const redis = compose.services.redis;
    expect(redis?.profiles).toBeUndefined();
    expect(redis?.command?.join(" ")).toContain("--appendonly yes");
    expect(redis?.command?.join(" ")).toContain("--maxmemory-policy noeviction");
    expect(compose.services.postgres?.profiles).toEqual(["production"]);
    expect(compose.services.proxy?.profiles).toEqual(["production"]);
  });

  it("has the reverse proxy spread requests over the replicas by their service name", () => {
    expect(caddyfile).toMatch(/dynamic a \{\s*name app-web\s*port 3000/);
    expect(caddyfile).toMatch(/lb_policy round_robin/);
    expect(compose.services["app-web"]?.expose).toEqual(["3000"]);
  });
});

describe("WEBHOOK_SECRET in production", () => {
  it("is required with WEBHOOK_URL, so that every instance checks the same one", () => {
    expect(() =>
      loadConfig({
        NODE_ENV: "production",
        SESSION_SECRET: "s".repeat(40),
        PHONE_HASH_SECRET: "p".repeat(40),
        WEBHOOK_URL: "https://qoldau.example.kz",
      }),
    ).toThrow(/WEBHOOK_SECRET: required in production with WEBHOOK_URL/);
  });
});
