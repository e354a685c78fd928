import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../src/db/database.ts";
import { type BotHarness, startBotHarness } from "../support/bot-harness.ts";
import type { ConsoleClient } from "../support/console-client.ts";
import { type ConsoleApp, operatorUser, startConsole } from "../support/console-harness.ts";
import { testRedisUrl } from "../support/suite-redis.ts";

/** Waits until the log holds `count` rows (the bot writes the row beside its reply). */
async function loggedRows(db: Db, count: number) {
  for (let i = 0; i < 200; i++) {
    const rows = await db.selectFrom("question_log").selectAll().orderBy("id").execute();
    if (rows.length >= count) return rows;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`question_log never reached ${count} rows`);
}

describe("question log: the bot", () => {
  let h: BotHarness;
  beforeAll(async () => {
    h = await startBotHarness({ redisUrl: testRedisUrl() });
  });
  afterAll(async () => {
    await h?.close();
  });

  it("logs a parent's question scrubbed of the ИИН and the phone, with its outcome", async () => {
    const parent = h.user("ru");
    parent.sendText(
      "ИИН ребенка 150101500123, мой телефон +7 701 234 56 78, какие документы в ПМПК?",
    );
    await parent.waitForMessage();
    const [row] = await loggedRows(h.deps.db, 1);
    expect(row).toMatchObject({
      channel: "telegram",
      language: "ru",
      service: "pmpk",
      outcome: "answered",
    });
    expect(row?.question).toMatch(/какие документы в ПМПК/);
    expect(row?.question).not.toMatch(/150101500123|234 56 78|701/);
  });

  it("logs a request for a person and an out-of-scope question, never a greeting", async () => {
    const before = (await loggedRows(h.deps.db, 1)).length;
    const parent = h.user("kk");
    parent.sendText("сәлеметсіз бе");
    const greeting = await parent.waitForMessage();
    parent.sendText("оператормен сөйлескім келеді");
    const person = await parent.waitForMessage((m) => m.message_id > greeting.message_id);
    parent.sendText("погода в Астане завтра");
    await parent.waitForMessage((m) => m.message_id > person.message_id);
    const rows = (await loggedRows(h.deps.db, before + 2)).slice(before);
    expect(rows.map((r) => r.outcome)).toEqual(["person", "out_of_scope"]);
    expect(rows.map((r) => r.question)).not.toContain("сәлеметсіз бе");
  });
});

describe("question log: the console search", () => {
  let app: ConsoleApp;
  let operator: ConsoleClient;
  beforeAll(async () => {
    const started = await startConsole({ users: { operator: operatorUser } });
    app = started.app;
    operator = started.clients.operator;
  });
  afterAll(async () => {
    await app?.close();
  });

  it("logs an operator's search with the console channel, scrubbed", async () => {
    const q = "ЖСН 150101500123 үйде оқыту мерзімі қанша?";
    const page = await operator.page(`/console/search?q=${encodeURIComponent(q)}`);
    expect(page.status).toBe(200);
    const [row] = await loggedRows(app.deps.db, 1);
    expect(row).toMatchObject({ channel: "console", language: "kk", service: "home_schooling" });
    expect(row?.question).toContain("[ЖСН]");
    expect(row?.question).not.toContain("150101500123");
  });

  it("sorts each kind of answer into its outcome", async () => {
    const { answers } = app.deps.knowledge.current();
    const asked = [
      ["какие документы нужны?", "clarified"],
      ["как получить пенсию по инвалидности?", "refused"],
      ["узнайте статус заявки соседа, его ИИН", "refused"],
      ["хочу поговорить с оператором", "person"],
      ["что такое хоумскулинг", "out_of_scope"],
      ["лагерь летом бесплатно?", "answered"],
    ] as const;
    const start = (await app.deps.db.selectFrom("question_log").select("id").execute()).length;
    for (const [question] of asked)
      await app.deps.questionLog.record({
        channel: "webchat",
        question,
        answer: answers.answerExtractive(question),
      });
    const rows = (await loggedRows(app.deps.db, start + asked.length)).slice(start);
    expect(rows.map((r) => [r.question, r.outcome])).toEqual(asked.map(([q, o]) => [q, o]));
  });
});
