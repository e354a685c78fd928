import { Redis } from "ioredis";
import { pino } from "pino";
import { afterAll, beforeAll } from "vitest";
import { redactPaths } from "../../src/logger.ts";
import { createUserRepository, type NewUser } from "../../src/users/repository.ts";
import { buildApp } from "./app.ts";
import { startTestRedis, type TestRedis } from "./redis-server.ts";

export type AttackedApp = Awaited<ReturnType<typeof buildApp>>;

export const adminAccount = {
  email: "admin@qoldau.test",
  password: "admin-password-1",
  role: "admin",
} as const satisfies NewUser;

/**
 * The whole app as users start it, on a redis-server of its own (so that counting keys and
 * shared counters see this app alone) and a fresh SQLite file; `accounts` are created first.
 */
export async function startAttackedApp(
  options: { env?: Record<string, string>; accounts?: NewUser[] } = {},
) {
  const redisServer: TestRedis = await startTestRedis();
  // Every line the app logs, at the most talkative level and with the production redaction, so
  // that an attack can grep the logs as well as Redis and the database.
  const logs: string[] = [];
  const logger = pino(
    { level: "trace", redact: { paths: redactPaths, censor: "[redacted]" } },
    { write: (line: string) => logs.push(line) },
  );
  const app = await buildApp(
    redisServer.url,
    { SESSION_SECRET: "attack-suite-session-secret-0123456789", ...options.env },
    { logger },
  );
  const users = createUserRepository(app.deps.db);
  for (const account of options.accounts ?? [adminAccount]) await users.create(account);
  const redis = new Redis(redisServer.url);
  return {
    app,
    logs,
    redis,
    redisUrl: redisServer.url,
    async close() {
      redis.disconnect();
      await app.close();
      await redisServer.stop();
    },
  };
}

/** `startAttackedApp` around a suite. */
export function useAttackedApp(options: Parameters<typeof startAttackedApp>[0] = {}) {
  let started: Awaited<ReturnType<typeof startAttackedApp>> | undefined;
  beforeAll(async () => {
    started = await startAttackedApp(options);
  }, 60_000);
  afterAll(async () => {
    await started?.close();
  });
  return () => {
    if (!started) throw new Error("the attacked app exists only inside the suite's tests");
    return started;
  };
}

/** A route the server registered, as `printRoutes` lists it (`:name` parameters, `*` wildcards). */
export interface RegisteredRoute {
  method: string;
  url: string;
}

/**
 * Every route registered on the app's Fastify server, read from the tree Fastify prints, so that
 * a walk over the routes also covers those added later.
 */
export function registeredRoutes(app: AttackedApp): RegisteredRoute[] {
  const stack: string[] = [];
  return app.server
    .printRoutes({ commonPrefix: false })
    .split("\n")
    .flatMap((line) => {
      const match = /^([│ ├└─]*)(\S.*?) \(([A-Z, ]+)\)$/.exec(line);
      if (!match) return [];
      const depth = (match[1] ?? "").length / 4;
      stack[depth] = match[2] ?? "";
      stack.length = depth + 1;
      const url = stack.join("").replace(/^\/\//, "/");
      return (match[3] ?? "").split(", ").map((method) => ({ url, method }));
    });
}
