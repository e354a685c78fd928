import { describe, expect, it } from "vitest";
import { importStageUpdatesCsv } from "../../src/applications/import.ts";
import { adminAccount, useAttackedApp } from "../support/attacked-app.ts";
import { ConsoleClient } from "../support/console-client.ts";

const schoolToken = "school-12-token-0123456789abcdef";
const env = {
  DEMO_DATA: "1",
  PROVIDER_API_TOKENS: `ast-school-12:${schoolToken}`,
};
const registered = "65H9-THPJ-H6NA"; // ast-school-12, registered
const issued = "D061-Q85V-EM1B"; // abai-school-5, issued

const stageOf = async (app: { deps: { db: import("../../src/db/database.ts").Db } }, id: string) =>
  (
    await app.deps.db
      .selectFrom("application")
      .select(["stage", "refusal_ground"])
      .where("id", "=", id)
      .executeTakeFirstOrThrow()
  ).stage;

const moveByApi = (url: string, id: string, body: Record<string, unknown>) =>
  fetch(`${url}/api/provider/v1/applications/${id}/stage`, {
    method: "POST",
    headers: { authorization: `Bearer ${schoolToken}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });

describe("stage moves out of order", () => {
  const attacked = useAttackedApp({
    env,
    accounts: [
      adminAccount,
      {
        email: "school12@qoldau.test",
        password: "school-pass-12",
        role: "school_admin",
        providerId: "ast-school-12",
      },
    ],
  });

  it("console: a form posted twice moves one stage, and a hand-made refusal of an issued application is refused", async () => {
    const { app } = attacked();
    const school = new ConsoleClient(app.url);
    await school.login("school12@qoldau.test", "school-pass-12");
    const { csrf } = await school.page("/console/school");
    const form = { action: "advance", from: "registered", _csrf: csrf };
    const action = `/console/school/applications/${registered}/stage`;
    expect((await school.post(action, form)).status).toBe(302);
    const stale = await school.post(action, form);
    expect(stale.status).toBe(409);
    expect(await stale.text()).toContain("басқа кезеңге өтіп кетті");
    expect(await stageOf(app, registered)).toBe("assigned");

    const admin = new ConsoleClient(app.url);
    await admin.login(adminAccount.email, adminAccount.password);
    const { csrf: adminCsrf } = await admin.page("/console/school?provider=abai-school-5");
    for (const from of ["issued", "signed"]) {
      const refuse = await admin.post(`/console/school/applications/${issued}/stage`, {
        action: "refuse",
        from,
        ground: "0",
        _csrf: adminCsrf,
      });
      expect(refuse.status).toBe(409);
    }
    expect(await stageOf(app, issued)).toBe("issued");
  });

  it("provider API: backwards, out of a final stage, unknown grounds and impossible times answer 409/400 with a code", async () => {
    const { app } = attacked();
    const current = await stageOf(app, registered);
    const cases: [Record<string, unknown>, number, string][] = [
      [{ stage: "received" }, 409, "move_not_allowed"],
      [{ stage: "signed", from: "received" }, 409, "stale_stage"],
      [{ stage: "refused", refusalGround: 999 }, 400, "unknown_refusal_ground"],
      [{ stage: "signed", at: "1970-01-01T00:00:00Z" }, 400, "time_before_last_event"],
      [{ stage: "signed", at: "2099-01-01T00:00:00Z" }, 400, "time_in_future"],
    ];
    for (const [body, status, code] of cases) {
      const response = await moveByApi(app.url, registered, body);
      expect(response.status).toBe(status);
      expect(await response.json()).toMatchObject({ error: code, currentStage: current });
    }
    expect(await stageOf(app, registered)).toBe(current);
    const refused = await moveByApi(app.url, registered, { stage: "refused", refusalGround: 0 });
    expect(refused.status).toBe(200);
    const again = await moveByApi(app.url, registered, { stage: "issued" });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({
      error: "move_not_allowed",
      currentStage: "refused",
    });
  });

  it("CSV import: backwards rows and grounds outside the catalogue are reported, not applied", async () => {
    const { app } = attacked();
    const csv = [
      "application_id,stage,refusal_ground,at",
      "R86Z-A7PW-MFNN,registered,,",
      "P0BD-WCM3-1QBG,refused,999,",
      "P0BD-WCM3-1QBG,result_prepared,,2099-01-01T00:00:00Z",
    ].join("\n");
    const report = await importStageUpdatesCsv(
      app.deps.registry.moveStage,
      csv,
      "import:attack.csv",
    );
    expect(report).toEqual({
      changed: 0,
      unchanged: 0,
      problems: [
        "line 2: move not allowed",
        "line 3: unknown refusal ground",
        "line 4: time in future",
      ],
    });
  });
});

describe("provider API when Redis refuses writes", () => {
  const attacked = useAttackedApp({ env });

  it("answers success once the change is in the database, and leaves the notice to the outbox", async () => {
    const { app, redis } = attacked();
    // A parent linked to the application, so that the change has a notice to queue.
    const history = await app.deps.db
      .selectFrom("application_stage")
      .select("id")
      .where("application_id", "=", registered)
      .execute();
    await app.deps.db
      .insertInto("application_link")
      .values({
        application_id: registered,
        telegram_user_id: "777",
        method: "pin",
        language: "kk",
        linked_at: new Date().toISOString(),
        since_event_id: Math.max(...history.map((event) => event.id)),
      })
      .execute();
    // Out of memory with noeviction: every write to the queue fails, as in an outage.
    await redis.config("SET", "maxmemory", "1");
    try {
      const response = await moveByApi(app.url, registered, { stage: "assigned" });
      const body = await response.text();
      expect(response.status).toBe(200);
      expect(body).not.toMatch(/OOM|redis/i);
      expect(JSON.parse(body)).toMatchObject({ stage: "assigned", changed: true });
    } finally {
      await redis.config("SET", "maxmemory", "0");
    }
    expect(await stageOf(app, registered)).toBe("assigned");
    const { unsentNotifications } = await import("../../src/applications/registry.ts");
    const waiting = await unsentNotifications(app.deps.db, {
      olderThanMs: -60_000,
      newerThanMs: 60_000,
    });
    expect(waiting).toMatchObject([{ applicationId: registered, userId: "777" }]);
  });
});
