import { describe, expect, it } from "vitest";
import { adminAccount, useAttackedApp } from "../support/attacked-app.ts";
import { ConsoleClient } from "../support/console-client.ts";

const sessionKeys = (redis: ReturnType<ReturnType<typeof useAttackedApp>>["redis"]) =>
  redis.keys("qoldau:console:session:*");

describe("anonymous visitors", () => {
  const attacked = useAttackedApp({ env: { CONSOLE_ANONYMOUS_REQUESTS_PER_MINUTE: "150" } });

  it("store no session: 120 login pages in both languages leave no session key in Redis, and the language still sticks", async () => {
    const { app, redis } = attacked();
    for (let i = 0; i < 120; i += 1) {
      const response = await fetch(`${app.url}/console/login${i % 2 ? "?lang=ru" : ""}`);
      expect(response.status).toBe(200);
      expect(response.headers.getSetCookie().join(";")).not.toContain("qoldau_console=");
    }
    expect(await sessionKeys(redis)).toEqual([]);

    const visitor = new ConsoleClient(app.url);
    await visitor.get("/console/login?lang=ru");
    expect((await visitor.page("/console/login")).text).toContain('<html lang="ru">');
    expect(await sessionKeys(redis)).toEqual([]);

    // Signing in creates exactly one session, in the language chosen before.
    expect((await visitor.login(adminAccount.email, adminAccount.password)).status).toBe(302);
    expect(await sessionKeys(redis)).toHaveLength(1);
    expect((await visitor.page("/console/admin/users")).text).toContain('<html lang="ru">');
  });

  it("are rate-limited per address before signing in", async () => {
    const { app } = attacked();
    const statuses: number[] = [];
    for (let i = 0; i < 160; i += 1)
      statuses.push((await fetch(`${app.url}/console/login`)).status);
    expect(statuses).toContain(429);
    const limited = await fetch(`${app.url}/console/login`);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await limited.text()).toContain("<html");
  });
});

describe("forged CSRF", () => {
  const attacked = useAttackedApp({
    accounts: [
      adminAccount,
      { email: "op@qoldau.test", password: "operator-pass-1", role: "operator" },
    ],
  });

  it("refuses a login without a token, with another visitor's token, and a signed-in post with the token from before sign-in", async () => {
    const { app } = attacked();
    const attacker = new ConsoleClient(app.url);
    const victim = new ConsoleClient(app.url);
    const noToken = await victim.post("/console/login", {
      email: adminAccount.email,
      password: adminAccount.password,
    });
    expect(noToken.status).toBe(403);

    const { csrf: attackersToken } = await attacker.page("/console/login");
    await victim.page("/console/login");
    const borrowed = await victim.post("/console/login", {
      email: adminAccount.email,
      password: adminAccount.password,
      _csrf: attackersToken,
    });
    expect(borrowed.status).toBe(403);

    // A token from the anonymous login page is no good once signed in.
    const { csrf: anonymousToken } = await victim.page("/console/login");
    expect(
      (
        await victim.post("/console/login", {
          email: adminAccount.email,
          password: adminAccount.password,
          _csrf: anonymousToken,
        })
      ).status,
    ).toBe(302);
    const replayed = await victim.post("/console/admin/users", {
      email: "planted@qoldau.test",
      password: "planted-password-1",
      role: "admin",
      _csrf: anonymousToken,
    });
    expect(replayed.status).toBe(403);
    // Another signed-in user's token does not work either.
    const operator = new ConsoleClient(app.url);
    await operator.login("op@qoldau.test", "operator-pass-1");
    const { csrf: operatorsToken } = await operator.page("/console/search");
    expect(
      (
        await victim.post("/console/admin/users", {
          email: "planted@qoldau.test",
          password: "planted-password-1",
          role: "admin",
          _csrf: operatorsToken,
        })
      ).status,
    ).toBe(403);
    const planted = await app.deps.db
      .selectFrom("users")
      .select("id")
      .where("email", "=", "planted@qoldau.test")
      .execute();
    expect(planted).toEqual([]);
  });
});
