import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AnalyticsFigures, analyticsFigures } from "../../src/analytics/figures.ts";
import { createKnowledgeTasks } from "../../src/analytics/knowledge-tasks.ts";
import { createQuestionLog } from "../../src/analytics/question-log.ts";
import { purgeAnalytics } from "../../src/analytics/retention.ts";
import { loadConfig } from "../../src/config.ts";
import { type Db, migrateToLatest, openDatabase } from "../../src/db/database.ts";
import { createFeedbackStore } from "../../src/feedback/feedback.ts";
import { createHandoffMessages } from "../../src/handoff/messages.ts";
import { createHandoffQueue, type Outcome } from "../../src/handoff/queue.ts";
import { createClientConnection, type Redis } from "../../src/infra/redis.ts";
import { createLogger } from "../../src/logger.ts";
import { localDate } from "../../src/time/local-time.ts";
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
  const period = { from: localDate(ago(150)), to: localDate(now) };
  let before: AnalyticsFigures;

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
    // Operator conversations: two closed long ago, one closed lately, one still under way.
    const operator = await createUserRepository(db).create({
      email: "op@qoldau.test",
      password: "operator-pass-1",
      role: "operator",
    });
    const queue = createHandoffQueue(db);
    const messages = createHandoffMessages(db);
    const conversations = [
      { age: 120, waitMinutes: 5, outcome: "answered", rating: 4 },
      { age: 100, waitMinutes: 20, outcome: null, rating: 2 },
      { age: 10, waitMinutes: 2, outcome: "provider", rating: 5 },
      { age: 100, waitMinutes: 1, outcome: undefined, rating: null },
    ] as const;
    for (const [i, c] of conversations.entries()) {
      const asked = ago(c.age);
      const { conversation } = await queue.open({
        channel: "telegram",
        chatId: `chat-${i}`,
        language: "ru",
        topic: "pmpk",
        contextJson: JSON.stringify({ questions: [`контекст ${i}`] }),
        expectedAt: null,
        now: asked,
      });
      await messages.add({
        conversationId: conversation.id,
        author: "parent",
        text: `родитель ${i}`,
        now: asked,
        delivered: true,
      });
      const taken = new Date(asked.getTime() + c.waitMinutes * 60_000);
      await queue.take(conversation.id, operator.id, taken);
      // The "you are in the queue" message in the parent's chat, which points at their chat.
      await queue.setQueueMessage(conversation.id, 100 + i, 1);
      await messages.add({
        conversationId: conversation.id,
        author: "operator",
        operatorId: operator.id,
        text: `оператор ${i}`,
        now: taken,
      });
      if (c.outcome === undefined) continue;
      const closed = new Date(taken.getTime() + 600_000);
      await queue.close(
        conversation.id,
        c.outcome ? { operatorId: operator.id, outcome: c.outcome as Outcome } : { parent: true },
        closed,
      );
      if (c.rating) {
        await queue.rate(conversation.id, `chat-${i}`, c.rating);
        await queue.comment(conversation.id, `chat-${i}`, `комментарий ${i}`);
      }
    }
    before = await analyticsFigures(db, period);
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
      expect(await done).toEqual({
        questions: 2,
        verdicts: 1,
        tasks: 1,
        handoffMessages: 4,
        handoffConversations: 2,
      });
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

    // The parents' words of the conversations closed long ago are gone; the recent and the
    // open one keep theirs.
    const texts = await db.selectFrom("handoff_message").select("text").orderBy("id").execute();
    expect(texts.map((m) => m.text)).toEqual([
      "родитель 2",
      "оператор 2",
      "родитель 3",
      "оператор 3",
    ]);
    const rows = await db
      .selectFrom("handoff_conversation")
      .select([
        "chat_id",
        "queue_message_id",
        "context_json",
        "rating_comment",
        "rating",
        "outcome",
      ])
      .orderBy("id")
      .execute();
    expect(rows).toEqual([
      {
        chat_id: "",
        queue_message_id: null,
        context_json: "{}",
        rating_comment: null,
        rating: 4,
        outcome: "answered",
      },
      {
        chat_id: "",
        queue_message_id: null,
        context_json: "{}",
        rating_comment: null,
        rating: 2,
        outcome: null,
      },
      {
        chat_id: "chat-2",
        queue_message_id: 102,
        context_json: JSON.stringify({ questions: ["контекст 2"] }),
        rating_comment: "комментарий 2",
        rating: 5,
        outcome: "provider",
      },
      {
        chat_id: "chat-3",
        queue_message_id: 103,
        context_json: JSON.stringify({ questions: ["контекст 3"] }),
        rating_comment: null,
        rating: null,
        outcome: null,
      },
    ]);

    // What the analytics page shows of the handoff is the same before and after, and right.
    const after = await analyticsFigures(db, period);
    expect(after.handoff).toEqual(before.handoff);
    expect(after.ratings).toEqual(before.ratings);
    expect(after.handoff).toMatchObject({
      volume: 4,
      taken: 4,
      waitP50Seconds: 120,
      waitP90Seconds: 1200,
    });
    expect(after.handoff.outcomes).toMatchObject({ answered: 1, provider: 1 });
    expect(after.ratings).toEqual({ counts: [0, 1, 0, 1, 1], total: 3, average: 3.67 });
  });

  it("a second purge the same day finds nothing more", async () => {
    expect(await purgeAnalytics(db, { retentionDays: 90, now })).toEqual({
      questions: 0,
      verdicts: 0,
      tasks: 0,
      handoffMessages: 0,
      handoffConversations: 0,
    });
  });
});

describe("ANALYTICS_RETENTION_DAYS", () => {
  it("defaults to 90 days and refuses a retention under a day", () => {
    expect(loadConfig({}).ANALYTICS_RETENTION_DAYS).toBe(90);
    expect(loadConfig({ ANALYTICS_RETENTION_DAYS: "30" }).ANALYTICS_RETENTION_DAYS).toBe(30);
    expect(() => loadConfig({ ANALYTICS_RETENTION_DAYS: "0" })).toThrow(/Invalid config/);
  });
});
