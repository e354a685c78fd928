import { readFile } from "node:fs/promises";
import path from "node:path";
import { importStageUpdatesCsv } from "../applications/import.ts";
import { resolveRedis } from "../infra/local-redis.ts";
import { createClientConnection } from "../infra/redis.ts";
import { startStatusService } from "../workers/status.ts";
import type { CliCommand } from "./deps.ts";

/**
 * `npm run --silent cli -- import-applications <file.csv> [--provider <id>]`: applies stage
 * updates (`application_id,stage,refusal_ground,at`), audited as `import:<file>`; parents who
 * linked an application get one notice per change (sent by the running app's notifier).
 */
export const run: CliCommand = async (args, deps) => {
  const file = args[0];
  if (!file) {
    console.error(
      "Usage: npm run --silent cli -- import-applications updates.csv [--provider <id>]",
    );
    return 2;
  }
  const providerIndex = args.indexOf("--provider");
  const provider = providerIndex >= 0 ? args[providerIndex + 1] : undefined;
  const { config, logger } = deps;
  const localRedis = await resolveRedis(config, logger);
  const redisUrl = localRedis.url;
  const redis = createClientConnection(redisUrl, logger);
  const db = await deps.database();
  const service = await startStatusService(
    { config, logger, db, redis, redisUrl, i18n: deps.i18n() },
    { startWorker: false },
  );
  try {
    const actor = provider ? `provider:${provider}` : `import:${path.basename(file)}`;
    const csv = await readFile(file, "utf8");
    // A provider's file may only move that provider's applications.
    const owned = provider
      ? new Set((await service.registry.listApplications(provider)).map((a) => a.id))
      : undefined;
    const moveStage: typeof service.registry.moveStage = async (change) =>
      owned && !owned.has(change.applicationId)
        ? { changed: false, reason: "unknown_application" }
        : service.registry.moveStage(change);
    const report = await importStageUpdatesCsv(moveStage, csv, actor);
    console.log(
      `Changed ${report.changed}, unchanged ${report.unchanged}, problems ${report.problems.length}`,
    );
    for (const problem of report.problems) console.error(problem);
    return report.problems.length > 0 ? 1 : 0;
  } finally {
    for (const part of [...service.parts].reverse()) await part.stop();
    redis.disconnect();
    await localRedis.stop();
  }
};
