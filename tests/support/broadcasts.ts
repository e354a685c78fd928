import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { Api } from "grammy";
import { parseQuietHours } from "../../src/broadcasts/quiet-hours.ts";
import { subscribe } from "../../src/broadcasts/subscriptions.ts";
import { createTelegramSender } from "../../src/broadcasts/telegram-sender.ts";
import type { Db } from "../../src/db/database.ts";
import { loadCatalogue } from "../../src/knowledge/catalogue.ts";
import { createLogger } from "../../src/logger.ts";
import { importProvidersCsv } from "../../src/providers/directory.ts";
import {
  type BroadcastRuntime,
  type BroadcastRuntimeOptions,
  startBroadcastRuntime,
} from "../../src/workers/broadcast-runtime.ts";
import { testTranslate } from "./i18n.ts";
import {
  startTelegramApiServer,
  type TelegramApiServer,
  type TelegramApiServerOptions,
} from "./telegram-api/index.ts";
import { createTestDatabase } from "./test-database.ts";

export const t = testTranslate;
export const logger = createLogger({ LOG_LEVEL: "silent", NODE_ENV: "test" });

/**
 * A migrated database of its own (SQLite file or PostgreSQL database, per the run's engine) with
 * the demo school directory; `file` is what a child process opens (a path or a URL).
 */
export async function createTestDb(): Promise<{
  db: Db;
  file: string;
  close(): Promise<void>;
}> {
  const testDb = await createTestDatabase();
  await importProvidersCsv(testDb.db, await readFile("demo/providers.csv", "utf8"));
  return { db: testDb.db, file: testDb.location, close: () => testDb.close() };
}

/** `count` parents subscribed to `providerId`, chat ids from `firstChatId`, every third in Russian. */
export async function subscribeParents(
  db: Db,
  options: {
    providerId: string;
    count: number;
    firstChatId: number;
    grade?: "first_grade" | "special_admission" | "other";
  },
): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < options.count; i++) {
    const chatId = options.firstChatId + i;
    await subscribe(db, {
      chatId,
      providerId: options.providerId,
      grade: options.grade ?? "first_grade",
      language: i % 3 === 0 ? "ru" : "kk",
    });
    ids.push(chatId);
  }
  return ids;
}

export interface Harness {
  server: TelegramApiServer;
  runtime: BroadcastRuntime;
  prefix: string;
  stop(): Promise<void>;
}

/** The loopback Bot API server plus the broadcast runtime on a unique BullMQ prefix. */
export async function startHarness(
  db: Db,
  redisUrl: string,
  options: {
    server?: TelegramApiServerOptions;
    runtime?: Partial<BroadcastRuntimeOptions>;
    sendWorker?: boolean;
  } = {},
): Promise<Harness> {
  const server = await startTelegramApiServer({ unknownChats: "create", ...options.server });
  const prefix = `test-${randomUUID().slice(0, 8)}`;
  const api = new Api(server.token, { apiRoot: server.apiRoot, timeoutSeconds: 5 });
  const catalogue = await loadCatalogue("knowledge");
  const runtime = await startBroadcastRuntime({
    db,
    logger,
    redisUrl,
    prefix,
    ...(options.sendWorker === false ? {} : { sender: createTelegramSender(api) }),
    t,
    catalogue: () => catalogue,
    ratePerSecond: 200,
    concurrency: 8,
    daysBeforeClose: 7,
    reconcileEveryMs: 500,
    remindersEveryMs: 3_600_000,
    lockDurationMs: 3000,
    stalledIntervalMs: 1000,
    sendBackoffMs: 100,
    ...options.runtime,
  });
  return {
    server,
    runtime,
    prefix,
    async stop() {
      await runtime.close();
      await server.close();
    },
  };
}

/** Messages each chat received from the bot (the server's view, not ours). */
export function receivedBy(server: TelegramApiServer, chatIds: number[]): Map<number, string[]> {
  const out = new Map<number, string[]>();
  for (const chatId of chatIds) {
    out.set(
      chatId,
      server
        .user({ id: chatId })
        .messages()
        .map((m) => m.text ?? ""),
    );
  }
  return out;
}

export async function waitFor<T>(
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export { parseQuietHours };
