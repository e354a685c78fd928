import { existsSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { loadDemoApplications } from "../../src/applications/import.ts";
import { linkTelegramUser } from "../../src/applications/registry.ts";
import { createCampaign, recordRecipients } from "../../src/broadcasts/campaigns.ts";
import { subscribe } from "../../src/broadcasts/subscriptions.ts";
import { run } from "../../src/cli/db.ts";
import { createCliDeps } from "../../src/cli/deps.ts";
import { loadConfig } from "../../src/config.ts";
import { type Db, openDatabase } from "../../src/db/database.ts";
import { loadCatalogue } from "../../src/knowledge/catalogue.ts";
import { createUserRepository } from "../../src/users/repository.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";

const SECRET = "test-phone-pepper-0123456789";

/** Every table's rows, in a stable order, for comparing the two engines' contents. */
async function contents(db: Db) {
  const tables = [
    "provider",
    "application",
    "application_stage",
    "application_link",
    "users",
    "subscriber",
    "subscription",
    "campaign",
    "campaign_recipient",
  ] as const;
  const all: Record<string, string[]> = {};
  for (const table of tables) {
    const rows = await db.selectFrom(table).selectAll().execute();
    all[table] = rows.map((row) => JSON.stringify(row)).sort();
  }
  return all;
}

describe("cli db copy", () => {
  let source: TestDatabase;
  let target: TestDatabase;
  let deps: ReturnType<typeof createCliDeps>;
  let output: string[];

  beforeEach(async () => {
    source = await createTestDatabase("sqlite");
    target = await createTestDatabase("postgres", { migrate: false });
    deps = createCliDeps(
      loadConfig({ NODE_ENV: "test", LOG_LEVEL: "silent", DATABASE_PATH: source.location }),
    );
    output = [];
    vi.spyOn(console, "log").mockImplementation((line: string) => output.push(line));
    vi.spyOn(console, "error").mockImplementation((line: string) => output.push(line));
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await deps.close();
    await source.close();
    await target.close();
  });

  it("copies every row of a SQLite file into an empty PostgreSQL, and new rows get new ids", async () => {
    const db = source.db;
    const catalogue = await loadCatalogue("knowledge");
    const applications = await loadDemoApplications(db, SECRET, { catalogue });
    const first = await db.selectFrom("application").select("id").executeTakeFirstOrThrow();
    await linkTelegramUser(db, {
      applicationId: first.id,
      userId: "5123456789",
      method: "pin",
      language: "kk",
    });
    await createUserRepository(db).create({
      email: "admin@qoldau.test",
      password: "admin-password-1",
      role: "admin",
    });
    await subscribe(db, {
      chatId: 5_123_456_789,
      providerId: "ast-school-12",
      grade: "first_grade",
      language: "kk",
    });
    const campaign = await createCampaign(
      db,
      { role: "admin", providerId: null, name: "admin" },
      { scope: "all", textKk: "Қабылдау басталды", textRu: "Приём начался" },
    );
    await recordRecipients(db, campaign);

    expect(await run(["copy", "--to", target.location], deps)).toBe(0);
    expect(output.at(-1)).toMatch(/^Copied \d+ rows in \d+ tables/);

    const copied = await openDatabase(target.location);
    try {
      const before = await contents(db);
      const after = await contents(copied);
      expect(before.application).toHaveLength(applications);
      expect(after).toEqual(before);
      // The identity continues after the copied ids.
      const next = await copied
        .insertInto("application_stage")
        .values({
          application_id: first.id,
          stage: "registered",
          at: "2026-12-01T00:00:00.000Z",
          actor: "test",
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      const ids = await db.selectFrom("application_stage").select("id").execute();
      const maxId = Math.max(...ids.map((row) => row.id));
      expect(next.id).toBe(maxId + 1);
    } finally {
      await copied.destroy();
    }
  });

  it("refuses a PostgreSQL database that already holds data, and changes nothing in it", async () => {
    await createUserRepository(source.db).create({
      email: "one@qoldau.test",
      password: "one-password-1",
      role: "operator",
    });
    expect(await run(["copy", "--to", target.location], deps)).toBe(0);
    await createUserRepository(source.db).create({
      email: "two@qoldau.test",
      password: "two-password-2",
      role: "operator",
    });
    output = [];
    expect(await run(["copy", "--to", target.location], deps)).toBe(3);
    expect(output.join("\n")).toMatch(/already holds data \(.*users/);
    const copied = await openDatabase(target.location);
    try {
      const emails = await copied.selectFrom("users").select("email").execute();
      expect(emails.map((row) => row.email)).toEqual(["one@qoldau.test"]);
    } finally {
      await copied.destroy();
    }
  });

  it("explains its usage when the target is not a PostgreSQL URL", async () => {
    expect(await run(["copy", "--to", "other.sqlite"], deps)).toBe(2);
    expect(existsSync("other.sqlite")).toBe(false);
    expect(await run(["copy"], deps)).toBe(2);
    expect(output.join("\n")).toContain("db copy --to postgres://");
  });
});
