import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { run } from "../../src/cli/create-user.ts";
import { createCliDeps } from "../../src/cli/deps.ts";
import { loadConfig } from "../../src/config.ts";
import { importProvidersCsv } from "../../src/providers/directory.ts";
import { createUserRepository } from "../../src/users/repository.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";

describe("cli create-user", () => {
  let testDb: TestDatabase;
  let deps: ReturnType<typeof createCliDeps>;

  beforeAll(async () => {
    // The run's engine: a SQLite file, or a PostgreSQL database with QOLDAU_TEST_DATABASE=postgres.
    testDb = await createTestDatabase();
    deps = createCliDeps(loadConfig({ NODE_ENV: "test", LOG_LEVEL: "silent", ...testDb.env }));
    vi.spyOn(console, "log").mockImplementation(() => {});
    vi.spyOn(console, "error").mockImplementation(() => {});
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await deps.close();
    await testDb.close();
  });

  it("creates a user who can then sign in, and refuses the same email twice", async () => {
    const args = [
      "--email",
      "Op@Qoldau.test",
      "--role",
      "operator",
      "--password",
      "operator-pass-1",
    ];
    expect(await run(args, deps)).toBe(0);
    const users = createUserRepository(await deps.database());
    expect((await users.authenticate("op@qoldau.test", "operator-pass-1"))?.role).toBe("operator");
    expect(await run(args, deps)).toBe(3);
  });

  it("refuses a school admin without a known provider, and a short password", async () => {
    expect(
      await run(
        ["--email", "s@qoldau.test", "--role", "school_admin", "--password", "school-pass-1"],
        deps,
      ),
    ).toBe(2);
    expect(
      await run(["--email", "t@qoldau.test", "--role", "operator", "--password", "short"], deps),
    ).toBe(2);
    const schoolAdmin = [
      "--email",
      "s@qoldau.test",
      "--role",
      "school_admin",
      "--provider",
      "ast-school-12",
      "--password",
      "school-pass-1",
    ];
    expect(await run(schoolAdmin, deps)).toBe(2);
    await importProvidersCsv(await deps.database(), await readFile("demo/providers.csv", "utf8"));
    expect(await run(schoolAdmin, deps)).toBe(0);
  });
});
