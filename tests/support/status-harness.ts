import { randomUUID } from "node:crypto";
import { saveApplication } from "../../src/applications/registry.ts";
import type { Stage } from "../../src/applications/stages.ts";
import { loadConfig } from "../../src/config.ts";
import { createI18n } from "../../src/i18n.ts";
import { createClientConnection } from "../../src/infra/redis.ts";
import { createLogger } from "../../src/logger.ts";
import { type StatusServiceOptions, startStatusService } from "../../src/workers/status.ts";
import { createTestDatabase } from "./test-database.ts";

export const SECRET = "test-phone-pepper-0123456789";

/**
 * The status service as the app starts it, against real Redis (unique prefix) and a database of
 * its own (the run's engine: a SQLite file or a PostgreSQL database); no HTTP, no bot.
 */
export async function startStatusHarness(
  redisUrl: string,
  env: Record<string, string> = {},
  options: StatusServiceOptions = {},
) {
  const testDb = await createTestDatabase();
  const config = loadConfig({
    NODE_ENV: "test",
    LOG_LEVEL: "silent",
    REDIS_URL: redisUrl,
    ...testDb.env,
    PHONE_HASH_SECRET: SECRET,
    ...env,
  });
  const logger = createLogger(config);
  const db = testDb.db;
  const redis = createClientConnection(redisUrl);
  const prefix = options.prefix ?? `t${randomUUID().slice(0, 8)}`;
  const i18n = createI18n(config.LOCALES_DIR);
  const service = await startStatusService(
    { config, logger, db, redis, redisUrl, i18n },
    {
      attempts: 3,
      backoffMs: 50,
      ...options,
      prefix,
    },
  );
  return {
    config,
    db,
    redis,
    prefix,
    /** The SQLite file or PostgreSQL URL, for a worker in a child process. */
    databaseLocation: testDb.location,
    ...service,
    async addApplication(input: {
      id: string;
      stage?: Stage;
      deadline?: string;
      phone?: string;
      pin?: string;
      externalSystem?: string;
      externalRef?: string;
      refusalGround?: number;
    }) {
      await saveApplication(db, SECRET, {
        id: input.id,
        serviceId: "home_schooling",
        providerId: "ast-school-12",
        channel: "egov_portal",
        submittedAt: "2026-11-20T05:00:00.000Z",
        deadline: input.deadline ?? "2099-12-31",
        stage: input.stage ?? "registered",
        refusalGround: input.refusalGround ?? null,
        phone: input.phone ?? null,
        pin: input.pin ?? null,
        externalSystem: input.externalSystem ?? null,
        externalRef: input.externalRef ?? null,
        actor: "provider:ast-school-12",
      });
    },
    async close() {
      for (const part of [...service.parts].reverse()) await part.stop();
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
      redis.disconnect();
      await testDb.close();
    },
  };
}

export type StatusHarness = Awaited<ReturnType<typeof startStatusHarness>>;
