import { describe, expect, it } from "vitest";
import { createUserRepository, SIGNED_IN_CACHE_MS } from "../../src/users/repository.ts";
import { operatorUser, useConsole } from "../support/console-harness.ts";

const adminUser = {
  email: "chief@qoldau.test",
  password: "chief-password-1",
  role: "admin",
} as const;

describe("the signed-in user, read once per few seconds", () => {
  const suite = useConsole({ users: { admin: adminUser, operator: operatorUser } });

  const operatorId = async () => {
    const row = await createUserRepository(suite.app.deps.db).findByEmail(operatorUser.email);
    if (!row) throw new Error("the operator account is missing");
    return row.id;
  };

  it("applies a role an admin gives on the operator's very next request", async () => {
    expect((await suite.operator.get("/console/admin/users")).status).toBe(403);
    const id = await operatorId();
    const saved = await suite.admin.submit("/console/admin/users", `/console/admin/users/${id}`, {
      role: "admin",
    });
    expect(saved.status).toBe(200);
    expect((await suite.operator.get("/console/admin/users")).status).toBe(200);
    // And back: the admin rights end with the next request too.
    await suite.admin.submit("/console/admin/users", `/console/admin/users/${id}`, {
      role: "operator",
    });
    expect((await suite.operator.get("/console/admin/users")).status).toBe(403);
  });

  it("signs a disabled user out on their very next request", async () => {
    expect((await suite.operator.get("/console/search")).status).toBe(200);
    const id = await operatorId();
    await suite.admin.submit("/console/admin/users", `/console/admin/users/${id}`, {
      role: "operator",
      disabled: "on",
    });
    const next = await suite.operator.get("/console/search");
    expect(next.status).toBe(302);
    expect(next.headers.get("location")).toBe("/console/login");
  });

  it("keeps a user read for a few seconds, then reads the database again", async () => {
    // Ahead of the console's own entries (written on the real clock), so this read is fresh.
    let clock = Date.now() + 3_600_000;
    const db = suite.app.deps.db;
    const users = createUserRepository(db, { now: () => clock });
    const admin = await users.findByEmail(adminUser.email);
    if (!admin) throw new Error("the admin account is missing");
    expect((await users.signedIn(admin.id))?.displayName).toBeNull();
    // A change behind the repository's back (another process) shows once the entry expires.
    await db
      .updateTable("users")
      .set({ display_name: "Бас әкімші" })
      .where("id", "=", admin.id)
      .execute();
    expect((await users.signedIn(admin.id))?.displayName).toBeNull();
    clock += SIGNED_IN_CACHE_MS + 1;
    expect((await users.signedIn(admin.id))?.displayName).toBe("Бас әкімші");
  });
});
