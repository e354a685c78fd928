/**
 * The bot's own process for `bench:bot` (forked by `bench/bot.ts`, driven by its messages:
 * "cpu" asks for this process's CPU time, anything else stops it).
 *
 * Qoldau runs as `npm start` runs it: the compiled JavaScript of `dist/`, not the TypeScript
 * sources through tsx, whose output wraps every function it makes in a naming helper (a call and
 * an allocation per closure made, which production does not pay). The anchor is stock grammY with
 * the same compiled keep-alive `fetch`. Only the bench's own files (this harness, the anchor) go
 * through tsx.
 *
 * `node --import tsx bench/support/bot-process.ts [--anchor] [--heap-prof <dir>] <token>
 * <apiRoot> <redisUrl> [screensFile]`
 */
import { readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import type { AnchorScreens } from "../anchors/grammy-bot.ts";
import { mainThreadCpuMs, ownCpuMs } from "./cpu.ts";
import { fromDist } from "./dist.ts";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    anchor: { type: "boolean", default: false },
    "heap-prof": { type: "string" },
  },
});
const [token = "", apiRoot = "", redisUrl = "", screensFile] = positionals;

/** Samples every allocation of this process until it stops, when `--heap-prof <dir>` is given. */
async function sampleAllocations(): Promise<() => Promise<void>> {
  const dir = values["heap-prof"];
  if (!dir) return async () => undefined;
  const { Session } = await import("node:inspector/promises");
  const session = new Session();
  session.connect();
  await session.post("HeapProfiler.startSampling", {
    samplingInterval: 4096,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  } as never);
  return async () => {
    const { profile } = await session.post("HeapProfiler.stopSampling");
    await writeFile(
      path.join(dir, `${values.anchor ? "anchor" : "qoldau"}-${process.pid}.heapprofile`),
      JSON.stringify(profile),
    );
    session.disconnect();
  };
}

/** Answers the parent's "cpu" until it says stop, then stops the bot and exits. */
async function serve(stop: () => Promise<void>) {
  const stopSampling = await sampleAllocations();
  // A bot whose bench has gone goes too, rather than polling a Telegram that is no more.
  process.on("disconnect", () => process.exit(1));
  process.send?.("ready");
  process.on("message", async (message) => {
    if (message === "cpu") {
      process.send?.({ cpuMs: ownCpuMs(), mainMs: mainThreadCpuMs(process.pid) });
      return;
    }
    await stopSampling();
    await stop();
    process.exit(0);
  });
}

/**
 * Qoldau's bot as in production, where Telegram is on another machine: startBot unchanged, with
 * the per-user limiter raised (simulated parents act faster than people).
 */
async function runQoldau() {
  const [{ loadConfig }, { migrateToLatest, openDatabase }, { createClientConnection }] =
    await Promise.all([
      fromDist<typeof import("../../src/config.ts")>("config.js"),
      fromDist<typeof import("../../src/db/database.ts")>("db/database.js"),
      fromDist<typeof import("../../src/infra/redis.ts")>("infra/redis.js"),
    ]);
  const [{ createLogger }, { createAppDeps }, { startBot }] = await Promise.all([
    fromDist<typeof import("../../src/logger.ts")>("logger.js"),
    fromDist<typeof import("../../src/app-deps.ts")>("app-deps.js"),
    fromDist<typeof import("../../src/bot/start-bot.ts")>("bot/start-bot.js"),
  ]);
  const dir = await mkdtemp(path.join(os.tmpdir(), "qoldau-bench-"));
  const config = loadConfig({
    NODE_ENV: "production",
    // Production refuses to start on the published example secrets.
    SESSION_SECRET: "bench-session-secret-0123456789abcdef",
    PHONE_HASH_SECRET: "bench-phone-hash-secret-0123456789abcdef",
    LOG_LEVEL: "silent",
    REDIS_URL: redisUrl,
    DATABASE_PATH: path.join(dir, "qoldau.sqlite"),
    BOT_TOKEN: token,
    TELEGRAM_API_ROOT: apiRoot,
  });
  const db = await openDatabase(config.DATABASE_PATH);
  await migrateToLatest(db);
  const redis = createClientConnection(redisUrl);
  const { deps } = await createAppDeps(
    { config, logger: createLogger(config), db, redis, redisUrl },
    { botStatus: () => "polling", statusPrefix: `bench-${process.pid}` },
  );
  const bot = await startBot(deps, {
    sessionPrefix: `bench:${process.pid}:session:`,
    rateLimit: { burst: 1e6, perSecond: 1e6 },
  });
  await serve(async () => {
    await bot.stop();
    redis.disconnect();
    await db.destroy();
    await rm(dir, { recursive: true, force: true });
  });
}

/** The anchor, with the screens Qoldau showed when the parent passes them. */
async function runAnchor() {
  const [{ createBotApiFetch }, { startAnchorBot }] = await Promise.all([
    fromDist<typeof import("../../src/bot/helpers/bot-api-fetch.ts")>(
      "bot/helpers/bot-api-fetch.js",
    ),
    import("../anchors/grammy-bot.ts"),
  ]);
  const screens = screensFile
    ? (JSON.parse(readFileSync(screensFile, "utf8")) as AnchorScreens)
    : undefined;
  const bot = await startAnchorBot(token, apiRoot, createBotApiFetch, redisUrl, screens);
  await serve(() => bot.stop());
}

if (values.anchor) await runAnchor();
else await runQoldau();
