import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createKnowledgeTasks } from "../../src/analytics/knowledge-tasks.ts";
import { createQuestionLog } from "../../src/analytics/question-log.ts";
import { loadConfig } from "../../src/config.ts";
import { type Db, migrateToLatest, openDatabase } from "../../src/db/database.ts";
import { createFeedbackStore } from "../../src/feedback/feedback.ts";
import { createClientConnection, type Redis } from "../../src/infra/redis.ts";
import { createLogger } from "../../src/logger.ts";
import { createUserRepository } from "../../src/users/repository.ts";
import { ANALYTICS_PURGE_PATTERN, startAnalyticsPurge } from "../../src/workers/analytics-purge.ts";
import { testRedisUrl } from "../support/suite-redis.ts";

const day = 86_400_000;
const now = new Date("2026-11-30T07:00:00Z");
const ago = (days: number) => new Date(now.getTime() - days * day);
const answer = {
  lang: "ru" as const,
  service: "pmpk",
  confidence: 0.9,
  outOfScope: false,
  intent: "service" as const,
};

describe("analytics retention", () => {
  let dir: string;
  let db: Db;
  let redis: Redis;
  const prefix = `test-${randomUUID().slice(0, 8)}`;
  const logger = createLogger(loadConfig({ LOG_LEVEL: "silent" }));

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "qoldau-retention-"));
    db = await openDatabase(path.join(dir, "qoldau.sqlite"));
    await migrateToLatest(db);
    redis = createClientConnection(testRedisUrl());
    const log = createQuestionLog({ db, logger });
    for (const age of [200, 91, 89, 1])
      await log.record({ channel: "telegram", question: `вопрос ${age}`, answer, at: ago(age) });
    const feedback = createFeedbackStore(db, redis, `test:${prefix}:answer:`);
    for (const age of [120, 10]) {
      const ref = await feedback.remember({
        question: `отзыв ${age}`,
        lang: "ru",
        service: "pmpk",
        confidence: 0.9,
      });
      await feedback.record(ref, false, ago(age));
    }
    // Tasks decided long ago: the rejected one goes, the approved phrasing stays live.
    const admin = await createUserRepository(db).create({
      email: "chief@qoldau.test",
      password: "chief-password-1",
      role: "admin",
    });
    const cases = [
      ["rejected", 100],
      ["approved", 100],
      ["open", 100],
      ["rejected", 5],
    ] as const;
    for (const [status, age] of cases) {
      const id = await createKnowledgeTasks(db, () => ago(age + 1)).proposePhrasing({
        question: `задача ${status} ${age}`,
        language: "ru",
        group: "pmpk",
        phrasing: `фраза ${status} ${age}`,
        userId: admin.id,
      });
      if (status !== "open")
        await createKnowledgeTasks(db, () => ago(age)).decide(id, status, admin.id);
    }
  });
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    const answers = await redis.keys(`test:${prefix}:*`);
    if (answers.length > 0) await redis.del(...answers);
    await redis.quit();
    await db.destroy();
    await rm(dir, { recursive: true, force: true });
  });

  it("the daily job scheduler purges only rows older than the retention", async () => {
    const purge = await startAnalyticsPurge({
      db,
      logger,
      redisUrl: testRedisUrl(),
      retentionDays: 90,
      prefix,
      now: () => now,
    });
    try {
      const schedulers = await purge.queue.getJobSchedulers();
      expect(schedulers.map((s) => [s.key, s.pattern, s.tz])).toEqual([
        ["analytics-purge-daily", ANALYTICS_PURGE_PATTERN, "Asia/Almaty"],
      ]);
      // Run it now rather than wait for 03:15: the same processor, one job.
      const done = new Promise<unknown>((resolve, reject) => {
        purge.worker.on("completed", (job, result) => job.name === "now" && resolve(result));
        purge.worker.on("failed", (job, error) => job?.name === "now" && reject(error));
      });
      await purge.queue.add("now", {});
      expect(await done).toEqual({ questions: 2, verdicts: 1, tasks: 1 });
    } finally {
      await purge.close();
    }
    const questions = await db
      .selectFrom("question_log")
      .select("question")
      .orderBy("id")
      .execute();
    expect(questions.map((q) => q.question)).toEqual(["вопрос 89", "вопрос 1"]);
    const verdicts = await db.selectFrom("answer_feedback").select("question").execute();
    expect(verdicts.map((v) => v.question)).toEqual(["отзыв 10"]);
    const tasks = await db
      .selectFrom("knowledge_task")
      .select(["status", "question"])
      .orderBy("id")
      .execute();
    expect(tasks.map((t) => t.question)).toEqual([
      "задача approved 100",
      "задача open 100",
      "задача rejected 5",
    ]);
  });
});

describe("ANALYTICS_RETENTION_DAYS", () => {
  it("defaults to 90 days and refuses a retention under a day", () => {
    expect(loadConfig({}).ANALYTICS_RETENTION_DAYS).toBe(90);
    expect(loadConfig({ ANALYTICS_RETENTION_DAYS: "30" }).ANALYTICS_RETENTION_DAYS).toBe(30);
    expect(() => loadConfig({ ANALYTICS_RETENTION_DAYS: "0" })).toThrow(/Invalid config/);
  });
});
