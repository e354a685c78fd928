import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { saveApplication } from "../../src/applications/registry.ts";
import type { Stage } from "../../src/applications/stages.ts";
import { loadConfig } from "../../src/config.ts";
import { migrateToLatest, openDatabase } from "../../src/db/database.ts";
import { createI18n } from "../../src/i18n.ts";
import { createClientConnection } from "../../src/infra/redis.ts";
import { createLogger } from "../../src/logger.ts";
import { type StatusServiceOptions, startStatusService } from "../../src/workers/status.ts";

export const SECRET = "test-phone-pepper-0123456789";

/**
 * The status service as the app starts it, against real Redis (unique prefix) and a real
 * SQLite file in a temp dir; no HTTP, no bot.
 */
export async function startStatusHarness(
  redisUrl: string,
  env: Record<string, string> = {},
  options: StatusServiceOptions = {},
) {
  const dir = await mkdtemp(path.join(os.tmpdir(), "qoldau-status-"));
  const config = loadConfig({
    NODE_ENV: "test",
    LOG_LEVEL: "silent",
    REDIS_URL: redisUrl,
    DATABASE_PATH: path.join(dir, "qoldau.sqlite"),
    PHONE_HASH_SECRET: SECRET,
    ...env,
  });
  const logger = createLogger(config);
  const db = await openDatabase(config.DATABASE_PATH);
  await migrateToLatest(db);
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
    dir,
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
      await db.destroy();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export type StatusHarness = Awaited<ReturnType<typeof startStatusHarness>>;
