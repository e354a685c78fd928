import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUserRepository } from "../../src/users/repository.ts";
import { ConsoleClient } from "../support/console-client.ts";
import {
  type ConsoleApp,
  operatorUser,
  school12User,
  startConsole,
} from "../support/console-harness.ts";

// From demo/applications.csv (DEMO_DATA=1).
const ownApplication = "65H9-THPJ-H6NA"; // ast-school-12, stage registered, phone +7 700 000 0001, PIN 482913
const otherSchoolApplication = "R86Z-A7PW-MFNN"; // alm-school-7

describe("school console and operator status lookup", () => {
  let app: ConsoleApp;
  let school: ConsoleClient;
  let operator: ConsoleClient;

  beforeAll(async () => {
    ({
      app,
      clients: { school, operator },
    } = await startConsole({
      env: { DEMO_DATA: "1", ADMIN_EMAIL: "admin@qoldau.test", ADMIN_PASSWORD: "admin-password-1" },
      users: { school: school12User, operator: operatorUser },
    }));
  });
  afterAll(async () => {
    await app?.close();
  });

  it("lists only the school's own applications", async () => {
    const page = await school.page("/console/school");
    expect(page.status).toBe(200);
    expect(page.text).toContain(ownApplication);
    expect(page.text).not.toContain(otherSchoolApplication);
  });

  it("ignores a provider picked in the URL by a school admin", async () => {
    const page = await school.page("/console/school?provider=alm-school-7");
    expect(page.text).not.toContain(otherSchoolApplication);
    expect(page.text).toContain(ownApplication);
  });

  it("refuses another school's application, both to read and to change", async () => {
    const read = await school.get(`/console/school/applications/${otherSchoolApplication}`);
    expect(read.status).toBe(403);
    const body = await read.text();
    expect(body).not.toContain("assigned");
    const change = await school.submit(
      "/console/school",
      `/console/school/applications/${otherSchoolApplication}/stage`,
      { action: "advance" },
    );
    expect(change.status).toBe(403);
    const row = await app.deps.db
      .selectFrom("application")
      .select("stage")
      .where("id", "=", otherSchoolApplication)
      .executeTakeFirstOrThrow();
    expect(row.stage).toBe("assigned");
  });

  it("moves an application to the next stage with an audit entry", async () => {
    const response = await school.submit(
      "/console/school",
      `/console/school/applications/${ownApplication}/stage`,
      { action: "advance", from: "registered" },
    );
    expect(response.status).toBe(302);
    const row = await app.deps.db
      .selectFrom("application")
      .select("stage")
      .where("id", "=", ownApplication)
      .executeTakeFirstOrThrow();
    expect(row.stage).toBe("assigned");
    const audit = await app.deps.db
      .selectFrom("console_audit")
      .selectAll()
      .where("action", "=", "application.stage")
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]?.subject).toBe(`application:${ownApplication}`);
  });

  it("keeps school admins and operators out of each other's pages", async () => {
    expect((await school.get("/console/search")).status).toBe(403);
    expect((await school.get("/console/status")).status).toBe(403);
    expect((await operator.get("/console/school")).status).toBe(403);
  });

  it("shows an unverified caller only the coarse status and audits the lookup", async () => {
    const response = await operator.submit("/console/status", "/console/status", {
      applicationId: ownApplication,
      method: "none",
      proof: "",
    });
    const text = await response.text();
    expect(response.status).toBe(200);
    expect(text).toContain('id="status-result"');
    expect(text).not.toContain("console-status-history");
    expect(text).not.toMatch(/class="stages"/);
    const audit = await app.deps.db
      .selectFrom("console_audit")
      .selectAll()
      .where("action", "=", "status.lookup")
      .execute();
    expect(audit.length).toBeGreaterThanOrEqual(1);
    expect(audit.at(-1)?.detail).not.toContain("482913");
  });

  it("shows the stages after the caller gives the receipt PIN", async () => {
    const response = await operator.submit("/console/status", "/console/status", {
      applicationId: ownApplication,
      method: "pin",
      proof: "482913",
    });
    const text = await response.text();
    expect(text).toMatch(/class="stages"/);
    expect(text).toContain("badge ok");
  });

  it("lets an admin open any school and read the audit trail of lookups", async () => {
    const admin = new ConsoleClient(app.url);
    await admin.login("admin@qoldau.test", "admin-password-1");
    const other = await admin.page("/console/school?provider=alm-school-7");
    expect(other.text).toContain(otherSchoolApplication);
    const audit = await admin.page(
      `/console/admin/audit?action=status.lookup&subject=application:${ownApplication}`,
    );
    expect(audit.status).toBe(200);
    expect(audit.text).toContain("op@qoldau.test");
    expect(audit.text).not.toContain("482913");
    expect((await school.get("/console/admin/audit")).status).toBe(403);
  });

  it("signs a disabled user out on their next request", async () => {
    const users = createUserRepository(app.deps.db);
    const temp = await users.create({
      email: "temp@qoldau.test",
      password: "temp-password-1",
      role: "operator",
    });
    const client = new ConsoleClient(app.url);
    await client.login("temp@qoldau.test", "temp-password-1");
    expect((await client.get("/console/search")).status).toBe(200);
    await users.update(temp.id, { role: "operator", providerId: null, disabled: true });
    const after = await client.get("/console/search");
    expect(after.status).toBe(302);
    expect(after.headers.get("location")).toBe("/console/login");
  });

  it("exposes lookup latency, answer latency and queue depths at /metrics", async () => {
    await operator.get(`/console/api/answer?q=${encodeURIComponent("ПМПК мерзімі")}`);
    const text = await (await fetch(`${app.url}/metrics`)).text();
    expect(text).toMatch(
      /qoldau_status_lookup_duration_seconds_count\{[^}]*channel="operator",outcome="found"[^}]*\} [1-9]/,
    );
    expect(text).toMatch(
      /qoldau_answer_duration_seconds_count\{[^}]*channel="console"[^}]*\} [1-9]/,
    );
    expect(text).toMatch(/qoldau_queue_jobs\{[^}]*queue="status-lookup",state="waiting"[^}]*\} \d/);
  });
});
