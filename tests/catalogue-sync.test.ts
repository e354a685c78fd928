import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Redis } from "ioredis";
import { afterEach, describe, expect, it } from "vitest";
import {
  listAdmissionWindowOverrides,
  setAdmissionWindowOverride,
} from "../src/admission/window-overrides.ts";
import {
  type CatalogueHolder,
  createCatalogueHolder,
  type ReloadCause,
  type ReloadListener,
} from "../src/catalogue-holder.ts";
import { type CatalogueSync, catalogueChannel, startCatalogueSync } from "../src/catalogue-sync.ts";
import { run as admissionWindowCommand } from "../src/cli/admission-window.ts";
import { createCliDeps } from "../src/cli/deps.ts";
import { loadConfig } from "../src/config.ts";
import { migrateToLatest, openDatabase } from "../src/db/database.ts";
import { createI18n } from "../src/i18n.ts";
import { createLogger } from "../src/logger.ts";
import { startTestRedis } from "./support/redis-server.ts";
import { testRedisUrl } from "./support/suite-redis.ts";

const redisUrl = testRedisUrl();
const logger = createLogger({ LOG_LEVEL: "silent", NODE_ENV: "test" });

/**
 * The holder's reload side only (loading the real catalogue twice per instance would test the
 * catalogue, not the relay): counts its reloads and calls its listeners as the real one does.
 */
function holder() {
  const listeners = new Set<ReloadListener>();
  const reloads: ReloadCause[] = [];
  const swap = (cause: ReloadCause) => {
    reloads.push(cause);
    for (const listener of listeners) listener({} as never, cause);
    return {} as never;
  };
  const stub = {
    reload: async () => swap("catalogue"),
    refreshAdmissionWindows: async () => swap("admission-windows"),
    onReload: (listener: ReloadListener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  } as unknown as CatalogueHolder;
  return { stub, reloads };
}

async function until(check: () => boolean) {
  for (let i = 0; i < 400 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
}

describe("catalogue reload across instances", () => {
  const parts: { stop(): Promise<unknown> }[] = [];
  afterEach(async () => {
    for (const part of parts.splice(0).reverse()) await part.stop();
  });

  it("a reload on one instance reloads every other once, and is not echoed back", async () => {
    const channel = `test:${randomUUID()}:catalogue-reload`;
    const publisher = new Redis(redisUrl);
    parts.push({ stop: () => publisher.quit() });
    const instances = [holder(), holder(), holder()];
    const syncs: CatalogueSync[] = [];
    for (const instance of instances) {
      const sync = await startCatalogueSync({
        holder: instance.stub,
        redisUrl,
        publisher,
        channel,
        logger,
      });
      syncs.push(sync);
      parts.push(sync);
    }
    const [first, second, third] = instances;
    await first?.stub.reload();
    await until(() => second?.reloads.length === 1 && third?.reloads.length === 1);
    await second?.stub.refreshAdmissionWindows();
    await until(() => first?.reloads.length === 2 && third?.reloads.length === 2);
    // Settle: an echo would show up as a further reload.
    const marker = holder();
    const late = await startCatalogueSync({
      holder: marker.stub,
      redisUrl,
      publisher,
      channel,
      logger,
    });
    parts.push(late);
    await marker.stub.reload();
    await until(() => first?.reloads.length === 3 && third?.reloads.length === 3);
    expect(first?.reloads).toEqual(["catalogue", "admission-windows", "catalogue"]);
    expect(second?.reloads).toEqual(["catalogue", "admission-windows", "catalogue"]);
    expect(third?.reloads).toEqual(["catalogue", "admission-windows", "catalogue"]);
  });
});

describe("an administrator's admission window across instances", () => {
  const parts: { stop(): Promise<unknown> }[] = [];
  afterEach(async () => {
    for (const part of parts.splice(0).reverse()) await part.stop();
  });

  /** One instance's catalogue holder over the shared database, as the app builds it. */
  async function instance(databasePath: string, url: string, channel: string) {
    const db = await openDatabase(databasePath);
    parts.push({ stop: () => db.destroy() });
    const holder = await createCatalogueHolder({
      config: { KNOWLEDGE_DIR: "knowledge" },
      logger,
      i18n: createI18n("locales"),
      loadAdmissionWindowOverrides: () => listAdmissionWindowOverrides(db),
    });
    const publisher = new Redis(url);
    parts.push({ stop: () => publisher.quit() });
    parts.push(await startCatalogueSync({ holder, redisUrl: url, publisher, channel, logger }));
    return holder;
  }

  const firstGradeEnd = (holder: CatalogueHolder) =>
    holder.current().admissionWindow("first_grade", 2026)?.end;

  async function untilEnd(holders: CatalogueHolder[], end: string) {
    const deadline = Date.now() + 10_000;
    while (holders.some((h) => firstGradeEnd(h) !== end) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
  }

  async function sharedDatabase() {
    const dir = await mkdtemp(path.join(os.tmpdir(), "qoldau-windows-sync-"));
    parts.push({ stop: () => rm(dir, { recursive: true, force: true }) });
    const databasePath = path.join(dir, "qoldau.sqlite");
    const db = await openDatabase(databasePath);
    await migrateToLatest(db);
    await db.destroy();
    return databasePath;
  }

  it("set with the CLI, reaches two running instances at once", async () => {
    const databasePath = await sharedDatabase();
    const config = loadConfig({
      NODE_ENV: "test",
      LOG_LEVEL: "silent",
      REDIS_URL: redisUrl,
      DATABASE_PATH: databasePath,
      STATUS_QUEUE_PREFIX: `t${randomUUID().slice(0, 8)}`,
    });
    const channel = catalogueChannel(config);
    const instances = [
      await instance(databasePath, redisUrl, channel),
      await instance(databasePath, redisUrl, channel),
    ];
    expect(instances.map(firstGradeEnd)).toEqual(["2026-08-31", "2026-08-31"]);

    const cli = createCliDeps(config);
    parts.push({ stop: () => cli.close() });
    const code = await admissionWindowCommand(
      ["set", "first_grade", "2026", "2026-04-01", "2026-09-05"],
      cli,
    );
    expect(code).toBe(0);
    await untilEnd(instances, "2026-09-05");
    expect(instances.map(firstGradeEnd)).toEqual(["2026-09-05", "2026-09-05"]);
  });

  it("missed while Redis was away, is read once the connection is back", async () => {
    const databasePath = await sharedDatabase();
    const own = await startTestRedis();
    parts.push({ stop: () => own.stop() });
    const holder = await instance(databasePath, own.url, `t${randomUUID()}:catalogue-reload`);
    await own.down();
    // Set while the instance cannot hear anything: no message will ever reach it.
    const db = await openDatabase(databasePath);
    await setAdmissionWindowOverride(
      db,
      { kind: "first_grade", year: 2026, start: "2026-04-01", end: "2026-09-07" },
      "test",
    );
    await db.destroy();
    expect(firstGradeEnd(holder)).toBe("2026-08-31");
    await own.up();
    await untilEnd([holder], "2026-09-07");
    expect(firstGradeEnd(holder)).toBe("2026-09-07");
  });
});
