import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { createUserRepository } from "../../src/users/repository.ts";
import { adminAccount, useAttackedApp } from "../support/attacked-app.ts";
import { ConsoleClient } from "../support/console-client.ts";

const operators = Array.from({ length: 3 }, (_, i) => ({
  email: `operator${i}@qoldau.test`,
  password: `operator-pass-${i}-x`,
  role: "operator" as const,
}));

/** A login POST with a fresh CSRF cookie and token and the given X-Forwarded-For. */
async function guess(url: string, email: string, password: string, forwardedFor?: string) {
  const client = new ConsoleClient(url);
  const headers: Record<string, string> = forwardedFor ? { "x-forwarded-for": forwardedFor } : {};
  const page = await (await client.get("/console/login", headers)).text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? "";
  return client.post("/console/login", { email, password, _csrf: csrf }, headers);
}

describe("password guessing (no proxy configured)", () => {
  const attacked = useAttackedApp({
    env: { CONSOLE_LOGIN_FAILURES_PER_ACCOUNT: "5", CONSOLE_LOGIN_FAILURES_PER_ADDRESS: "12" },
    accounts: [adminAccount, ...operators],
  });

  it("locks the account after 5 wrong passwords whatever X-Forwarded-For says, audits each, and an admin can unlock it", async () => {
    const { app } = attacked();
    const statuses: number[] = [];
    for (let i = 0; i < 8; i += 1) {
      const response = await guess(
        app.url,
        adminAccount.email,
        `guess-${i}`,
        `198.51.100.${i + 1}`,
      );
      statuses.push(response.status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
    // Even the right password waits out the lock: the guesser cannot tell it was right.
    const owner = await guess(app.url, adminAccount.email, adminAccount.password);
    expect(owner.status).toBe(429);
    expect(await owner.text()).toContain("мин");

    const failures = await app.deps.db
      .selectFrom("login_failure")
      .select(["user_id", "reason", "address"])
      .execute();
    expect(failures).toHaveLength(9);
    expect(failures.filter((f) => f.reason === "wrong_password")).toHaveLength(5);
    expect(failures.filter((f) => f.reason === "account_locked")).toHaveLength(4);
    // The socket address, not the forged header, is what was recorded.
    expect(new Set(failures.map((f) => f.address))).toEqual(new Set(["127.0.0.1"]));

    // Another admin unlocks the account from the users page.
    const repository = createUserRepository(app.deps.db);
    const second = await repository.create({
      email: "second.admin@qoldau.test",
      password: "second-admin-1",
      role: "admin",
    });
    const helper = new ConsoleClient(app.url);
    expect((await helper.login(second.email, "second-admin-1")).status).toBe(302);
    const usersPage = await helper.page("/console/admin/users");
    expect(usersPage.text).toContain("Кіру бұғатталған");
    const target = await repository.findByEmail(adminAccount.email);
    const unlocked = await helper.submit(
      "/console/admin/users",
      `/console/admin/users/${target?.id}/unlock`,
      {},
    );
    expect(unlocked.status).toBe(200);
    expect((await guess(app.url, adminAccount.email, adminAccount.password)).status).toBe(302);
  });

  it("refuses an address that tries many accounts, while a parallel burst on one account gets at most 5 password checks", async () => {
    const { app } = attacked();
    const burst = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        guess(app.url, operators[1]?.email ?? "", `parallel-${i}`, `203.0.113.${i}`),
      ),
    );
    const checked = burst.filter((response) => response.status === 401).length;
    expect(checked).toBeLessThanOrEqual(5);
    expect(burst.filter((response) => response.status === 429).length).toBeGreaterThanOrEqual(25);

    // This address has now used up its failures across accounts: a new account is refused too.
    const spray: number[] = [];
    for (let i = 0; i < 10; i += 1)
      spray.push((await guess(app.url, `nobody${i}@qoldau.test`, "x-password-1")).status);
    expect(spray.at(-1)).toBe(429);
    expect(await app.deps.db.selectFrom("login_failure").select("id").execute()).not.toHaveLength(
      0,
    );
  });
});

describe("password guessing behind a configured proxy", () => {
  const attacked = useAttackedApp({
    env: { TRUST_PROXY: "127.0.0.1", CONSOLE_LOGIN_FAILURES_PER_ADDRESS: "3" },
    accounts: [adminAccount, ...operators],
  });

  it("limits each forwarded address on its own, and a successful sign-in costs its address nothing", async () => {
    const { app } = attacked();
    const from = (address: string, i: number) =>
      guess(app.url, `someone${i}@qoldau.test`, "wrong-password-1", address);
    const first = [];
    for (let i = 0; i < 4; i += 1) first.push((await from("192.0.2.10", i)).status);
    expect(first).toEqual([401, 401, 401, 429]);
    expect((await from("192.0.2.11", 9)).status).toBe(401);
    const operator = operators[2] as (typeof operators)[number];
    for (let i = 0; i < 4; i += 1)
      expect((await guess(app.url, operator.email, operator.password, "192.0.2.12")).status).toBe(
        302,
      );
    const recorded = await app.deps.db
      .selectFrom("login_failure")
      .select("address")
      .where("address", "=", "192.0.2.10")
      .execute();
    expect(recorded).toHaveLength(4);
  });
});

describe("TRUST_PROXY", () => {
  const parse = (value: string) => loadConfig({ TRUST_PROXY: value }).TRUST_PROXY;

  it("is off by default and takes a hop count or addresses and CIDR ranges", () => {
    expect(loadConfig({}).TRUST_PROXY).toBe(false);
    expect(parse("2")).toBe(2);
    expect(parse("10.0.0.0/8, ::1,loopback")).toEqual(["10.0.0.0/8", "::1", "loopback"]);
  });

  it("refuses `true` and anything else, naming the variable", () => {
    for (const value of ["true", "garbage", "10.0.0.0/33", "0", "1.2.3.4/8/1"])
      expect(() => parse(value)).toThrow(/TRUST_PROXY/);
  });
});
