import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateApplicationId } from "../../src/applications/id.ts";
import { saveApplication } from "../../src/applications/registry.ts";
import { createFeedbackStore } from "../../src/feedback/feedback.ts";
import { ConsoleClient } from "../support/console-client.ts";
import {
  type ConsoleApp,
  operatorUser,
  school12User,
  startConsole,
} from "../support/console-harness.ts";

const provider = "ast-school-12";
const day = 86_400_000;
const isoDate = (offsetDays: number) =>
  new Date(Date.now() + offsetDays * day).toISOString().slice(0, 10);

describe("school console: order, refusal, subscribers; operator feedback review", () => {
  let app: ConsoleApp;
  let school: ConsoleClient;
  const later = generateApplicationId();
  const overdue = generateApplicationId();

  beforeAll(async () => {
    ({
      app,
      clients: { school },
    } = await startConsole({
      env: { DEMO_DATA: "1" },
      users: { school: { ...school12User, providerId: provider } },
      accounts: [operatorUser],
    }));
    const db = app.deps.db;
    const secret = app.deps.config.PHONE_HASH_SECRET;
    const base = {
      serviceId: "home_schooling",
      providerId: provider,
      channel: "egov_portal",
      actor: "test",
    };
    await saveApplication(db, secret, {
      ...base,
      id: later,
      submittedAt: new Date().toISOString(),
      deadline: isoDate(5),
      stage: "received",
    });
    await saveApplication(db, secret, {
      ...base,
      id: overdue,
      submittedAt: new Date(Date.now() - 9 * day).toISOString(),
      deadline: isoDate(-2),
      stage: "assigned",
    });
  });
  afterAll(async () => {
    await app?.close();
  });

  it("lists overdue applications first, marked as overdue", async () => {
    const page = await school.page("/console/school");
    const order = [...page.text.matchAll(/data-application="([^"]+)"/g)].map((m) => m[1]);
    expect(order[0]).toBe(overdue);
    expect(order.indexOf(later)).toBeGreaterThan(0);
    expect(page.text).toMatch(new RegExp(`data-application="${overdue}"[\\s\\S]*?badge overdue`));
  });

  it("refuses an application only with a ground from the catalogue, and audits it", async () => {
    const without = await school.submit(
      "/console/school",
      `/console/school/applications/${later}/stage`,
      { action: "refuse", from: "received" },
    );
    expect(without.status).toBe(400);
    const refused = await school.submit(
      "/console/school",
      `/console/school/applications/${later}/stage`,
      { action: "refuse", from: "received", ground: "0" },
    );
    expect(refused.status).toBe(302);
    const row = await app.deps.db
      .selectFrom("application")
      .select(["stage", "refusal_ground"])
      .where("id", "=", later)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ stage: "refused", refusal_ground: 0 });
    const audit = await app.deps.db
      .selectFrom("console_audit")
      .select("detail")
      .where("subject", "=", `application:${later}`)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(audit.detail ?? "{}")).toMatchObject({ to: "refused", ground: 0 });
    const page = await school.page("/console/school");
    const ground =
      app.deps.knowledge.current().catalogue.getService("home_schooling")?.refusalGrounds[0]?.text
        .kk ?? "";
    expect(page.text).toContain(ground.slice(0, 20).replaceAll('"', "&quot;"));
  });

  it("counts the parents subscribed to the school, active ones once", async () => {
    const now = new Date().toISOString();
    const db = app.deps.db as unknown as import("kysely").Kysely<
      Record<string, Record<string, unknown>>
    >;
    await db
      .insertInto("subscriber")
      .values([
        { chat_id: 9001, language: "kk", active: 1, created_at: now, updated_at: now },
        { chat_id: 9002, language: "ru", active: 0, created_at: now, updated_at: now },
        { chat_id: 9003, language: "ru", active: 1, created_at: now, updated_at: now },
      ])
      .execute();
    await db
      .insertInto("subscription")
      .values([
        { chat_id: 9001, provider_id: provider, grade: "first_grade", created_at: now },
        { chat_id: 9001, provider_id: provider, grade: "special_class", created_at: now },
        { chat_id: 9002, provider_id: provider, grade: "first_grade", created_at: now },
        { chat_id: 9003, provider_id: "alm-school-7", grade: "first_grade", created_at: now },
      ])
      .execute();
    const page = await school.page("/console/school");
    expect(page.text).toContain('<div class="value" id="subscribers">1</div>');
  });

  it("shows the bot's 'not helpful' answers to operators until reviewed", async () => {
    const store = createFeedbackStore(app.deps.db, app.deps.redis);
    const ref = await store.remember({
      question: "интернатқа қалай түседі",
      lang: "kk",
      service: "special_admission",
      confidence: 0.4,
    });
    expect(await store.record(ref, false)).toBe("saved");
    const operator = new ConsoleClient(app.url);
    await operator.login(operatorUser.email, operatorUser.password);
    const page = await operator.page("/console/feedback");
    expect(page.text).toContain("интернатқа қалай түседі");
    const id = /\/console\/feedback\/bot\/(\d+)\/reviewed/.exec(page.text)?.[1];
    await operator.post(`/console/feedback/bot/${id}/reviewed`, { _csrf: page.csrf });
    expect((await operator.page("/console/feedback")).text).not.toContain(
      "интернатқа қалай түседі",
    );
  });

  it("keeps an older unreviewed 'not helpful' answer on the page after 100 newer ones are reviewed", async () => {
    const at = (minutes: number) => new Date(Date.UTC(2026, 0, 5, 6, minutes)).toISOString();
    const verdict = (n: number, reviewed: boolean) => ({
      answer_ref: `review-backlog-${n}`,
      question: n === 0 ? "ПМПК-ға жазылу қайда" : `ескі сұрақ ${n}`,
      lang: "kk",
      service: "pmpk",
      confidence: 0.3,
      helpful: 0,
      created_at: at(n),
      reviewed_at: reviewed ? at(n + 200) : null,
    });
    // The oldest waits for review; the hundred after it were reviewed already.
    await app.deps.db
      .insertInto("answer_feedback")
      .values([verdict(0, false), ...Array.from({ length: 100 }, (_, i) => verdict(i + 1, true))])
      .execute();
    const operator = new ConsoleClient(app.url);
    await operator.login(operatorUser.email, operatorUser.password);
    const page = await operator.page("/console/feedback");
    expect(page.text).toContain("ПМПК-ға жазылу қайда");
    expect(page.text).not.toContain("ескі сұрақ 100");
  });
});
