import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUserRepository } from "../../src/users/repository.ts";
import { buildApp } from "../support/app.ts";
import { ConsoleClient } from "../support/console-client.ts";
import { testRedisUrl } from "../support/suite-redis.ts";

const admin = { email: "admin@qoldau.test", password: "admin-password-1" };

describe("console sign-in, roles and CSRF", () => {
  let app: Awaited<ReturnType<typeof buildApp>>;

  beforeAll(async () => {
    app = await buildApp(testRedisUrl(), {
      ADMIN_EMAIL: admin.email,
      ADMIN_PASSWORD: admin.password,
      SESSION_SECRET: "s".repeat(40),
      // The HTTPS test below comes "through a proxy" on loopback.
      TRUST_PROXY: "loopback",
    });
    const users = createUserRepository(app.deps.db);
    await users.create({
      email: "operator@qoldau.test",
      password: "operator-pass-1",
      role: "operator",
    });
  });
  afterAll(async () => {
    await app?.close();
  });

  it("sends a visitor who is not signed in to the login page", async () => {
    const client = new ConsoleClient(app.url);
    const response = await client.get("/console/admin/users");
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/console/login");
  });

  it("signs the first admin in from ADMIN_EMAIL/ADMIN_PASSWORD with an HttpOnly SameSite cookie", async () => {
    const client = new ConsoleClient(app.url);
    const { csrf } = await client.page("/console/login");
    const response = await client.post("/console/login", { ...admin, _csrf: csrf });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/console/admin/users");
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith("qoldau_console="));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/Secure/i);
    const users = await client.page("/console/admin/users");
    expect(users.status).toBe(200);
    expect(users.text).toContain("operator@qoldau.test");
    expect(users.text).toContain('<html lang="kk">');
  });

  it("marks the cookie Secure when the request came over HTTPS through a proxy", async () => {
    const client = new ConsoleClient(app.url);
    const https = { "x-forwarded-proto": "https" };
    const loginPage = await (await client.get("/console/login", https)).text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(loginPage)?.[1] ?? "";
    const response = await client.post("/console/login", { ...admin, _csrf: csrf }, https);
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith("qoldau_console="));
    expect(cookie).toMatch(/Secure/);
  });

  it("refuses a wrong password without saying whether the email exists", async () => {
    const client = new ConsoleClient(app.url);
    const wrong = await client.login(admin.email, "not-the-password");
    const unknown = await client.login("nobody@qoldau.test", "not-the-password");
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(await wrong.text()).toContain("Пошта немесе құпиясөз қате.");
  });

  it("rejects a form POST without the CSRF token", async () => {
    const client = new ConsoleClient(app.url);
    await client.login(admin.email, admin.password);
    const response = await client.post("/console/admin/users", {
      email: "x@qoldau.test",
      password: "long-enough-1",
      role: "operator",
    });
    expect(response.status).toBe(403);
    expect(
      (
        await app.deps.db
          .selectFrom("users")
          .select("email")
          .where("email", "=", "x@qoldau.test")
          .execute()
      ).length,
    ).toBe(0);
  });

  it("keeps an operator out of the admin pages and the queue dashboard", async () => {
    const client = new ConsoleClient(app.url);
    const login = await client.login("operator@qoldau.test", "operator-pass-1");
    expect(login.headers.get("location")).toBe("/console/search");
    expect((await client.get("/console/admin/users")).status).toBe(403);
    expect((await client.get("/console/admin/queues/")).status).toBe(403);
    expect((await client.get("/console/admin/queues/api/queues")).status).toBe(403);
  });

  it("lets an admin create a user, who can then sign in with that role", async () => {
    const client = new ConsoleClient(app.url);
    await client.login(admin.email, admin.password);
    const created = await client.submit("/console/admin/users", "/console/admin/users", {
      email: "new.operator@qoldau.test",
      password: "new-operator-1",
      role: "operator",
      providerId: "",
      displayName: "Aigerim",
    });
    expect(created.status).toBe(200);
    expect(await created.text()).toContain("new.operator@qoldau.test");
    const hash = await app.deps.db
      .selectFrom("users")
      .select("password_hash")
      .where("email", "=", "new.operator@qoldau.test")
      .executeTakeFirstOrThrow();
    expect(hash.password_hash).toMatch(/^\$argon2id\$/);
    const other = new ConsoleClient(app.url);
    expect(
      (await other.login("new.operator@qoldau.test", "new-operator-1")).headers.get("location"),
    ).toBe("/console/search");
  });

  it("switches the language and keeps it for the session", async () => {
    const client = new ConsoleClient(app.url);
    const ru = await client.page("/console/login?lang=ru");
    expect(ru.text).toContain('<html lang="ru">');
    expect(ru.text).toContain("Войти");
    const again = await client.page("/console/login");
    expect(again.text).toContain('<html lang="ru">');
  });

  it("serves /metrics to a local scraper and refuses it through a proxy without an admin", async () => {
    const local = await fetch(`${app.url}/metrics`);
    expect(local.status).toBe(200);
    expect(await local.text()).toContain("qoldau_console_logins_total");
    const proxied = await fetch(`${app.url}/metrics`, {
      headers: { "x-forwarded-for": "203.0.113.9" },
    });
    expect(proxied.status).toBe(403);
  });

  it("slows down password guessing on one account without locking out the others", async () => {
    const client = new ConsoleClient(app.url);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i += 1)
      statuses.push((await client.login("guess@qoldau.test", `wrong-${i}`)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    const other = new ConsoleClient(app.url);
    expect((await other.login(admin.email, admin.password)).status).toBe(302);
  });

  it("sends a strict content security policy that works over plain HTTP on a LAN", async () => {
    const response = await fetch(`${app.url}/console/login`);
    const csp = response.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain("upgrade-insecure-requests");
    expect(response.headers.get("x-frame-options")).toBe("SAMEORIGIN");
  });
});
