import { parseArgs } from "node:util";
import { loadDemoApplications } from "../applications/import.ts";
import { renderAnswer, renderRequestFailure, resolveNames } from "../applications/render.ts";
import type { DetailedStatus } from "../applications/status.ts";
import { resolveRedis } from "../infra/local-redis.ts";
import { createClientConnection } from "../infra/redis.ts";
import { startStatusService } from "../workers/status.ts";
import type { CliCommand } from "./deps.ts";

const usage =
  "Usage: npm run --silent cli -- status <ID> [--json] [--phone <phone> | --pin <pin>] [--lang kk|ru] [--operator <id>] [--timeout <ms>]";

function parseOptions(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    options: {
      json: { type: "boolean", default: false },
      phone: { type: "string" },
      pin: { type: "string" },
      lang: { type: "string", default: "kk" },
      operator: { type: "string", default: "cli" },
      timeout: { type: "string", default: "15000" },
    },
  });
}

/**
 * `npm run --silent cli -- status <ID> --json`: an operator's lookup, through the same queue as
 * the bot. When no worker is running (the app is not started), one runs in this process.
 */
export const run: CliCommand = async (args, deps) => {
  let parsed: ReturnType<typeof parseOptions>;
  try {
    parsed = parseOptions(args);
  } catch (error) {
    console.error(`${(error as Error).message}\n${usage}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const input = positionals[0];
  const problem = !input
    ? "An application ID is required."
    : positionals.length > 1
      ? "Only one application ID at a time."
      : !/^\d+$/.test(values.timeout) ||
          Number(values.timeout) < 100 ||
          Number(values.timeout) > 600_000
        ? "--timeout must be a whole number of milliseconds from 100 to 600000."
        : !/^[\w-]{1,64}$/.test(values.operator)
          ? "--operator must be 1-64 letters, digits, _ or - (no spaces)."
          : values.lang !== "kk" && values.lang !== "ru"
            ? "--lang must be kk or ru."
            : values.phone && values.pin
              ? "Give --phone or --pin, not both."
              : undefined;
  if (problem || !input) {
    console.error(`${problem}\n${usage}`);
    return 2;
  }
  const { config, logger } = deps;
  const language = values.lang === "ru" ? "ru" : "kk";
  const i18n = deps.i18n();
  const t = (key: string, vars?: Record<string, string | number>) => i18n.t(language, key, vars);

  const localRedis = await resolveRedis(config, logger);
  const redisUrl = localRedis.url;
  const redis = createClientConnection(redisUrl, logger);
  const db = await deps.database();
  const catalogue = await deps.catalogue().catch(() => undefined);
  const empty = (await db.selectFrom("application").select("id").limit(1).execute()).length === 0;
  if (config.DEMO_DATA && empty)
    await loadDemoApplications(db, config.PHONE_HASH_SECRET, catalogue ? { catalogue } : {});
  const base = { config, logger, db, redis, redisUrl, i18n };

  const probe = await startStatusService(base, { startWorker: false });
  const workers = await probe.lookups.queue.getWorkersCount().catch(() => 0);
  await probe.lookups.close();
  const service = await startStatusService(base, { startWorker: workers === 0 });
  try {
    const proof = values.phone
      ? { phone: values.phone }
      : values.pin
        ? { pin: values.pin }
        : undefined;
    const request = await service.lookups.requestLookup({
      applicationId: input,
      // One unknown-ID budget for the command line: a new --operator name is not a new budget.
      requester: { kind: "operator", operatorId: "cli" },
      ...(proof ? { proof } : {}),
    });
    if (!request.ok) {
      const message = renderRequestFailure(t, request);
      if (values.json)
        console.log(JSON.stringify({ ok: false, reason: request.reason, message }, null, 2));
      else console.error(message);
      return 1;
    }
    const answer = await service.lookups.waitForResult(request.jobId, Number(values.timeout));
    const names =
      answer.outcome === "found" && answer.view === "detailed"
        ? await resolveNames({ db, catalogue }, answer.status as DetailedStatus, language)
        : undefined;
    const message = renderAnswer(t, answer, names);
    if (values.json) {
      console.log(
        JSON.stringify(
          {
            ok: answer.outcome === "found",
            jobId: request.jobId,
            ...answer,
            ...(names ? { names } : {}),
            message,
          },
          null,
          2,
        ),
      );
    } else {
      console.log(message);
    }
    return answer.outcome === "found" ? 0 : 1;
  } finally {
    for (const part of [...service.parts].reverse()) await part.stop();
    redis.disconnect();
    await localRedis.stop();
  }
};
