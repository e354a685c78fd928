import { Signer } from "@fastify/cookie";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { createUserRepository } from "../../src/users/repository.ts";
import { adminAccount } from "../support/attacked-app.ts";
import { ConsoleClient } from "../support/console-client.ts";
import { operatorUser as operator, useConsole } from "../support/console-harness.ts";

const admin = { email: adminAccount.email, password: adminAccount.password };
const secret = "s".repeat(40);
const prefix = "qoldau:console:session:";
const hour = 60 * 60 * 1000;

/**
 * A session as @fastify/session 11.1.3 left it, copied from a sign-in on the old plugin with
 * SESSION_SECRET "s"×40: the cookie as it was set, and the value stored in Redis. Only the user
 * and the expiry date are filled in by the test, so that the session is still current.
 */
const oldFormat = {
  id: "j3Ac1KfxAH-tI1t5ymHaWo6sTKtjQEbl",
  cookie: "j3Ac1KfxAH-tI1t5ymHaWo6sTKtjQEbl.fesE0VeKM3VF7MEn+8QOCxwSug7XcPwt7E4x7fUh/BU",
  value: (userId: number, expires: Date) =>
    `{"cookie":{"expires":"${expires.toISOString()}","originalMaxAge":28800000,"sameSite":"lax","secure":false,"path":"/","httpOnly":true,"domain":null},"userId":${userId}}`,
};

describe("console sessions", () => {
  const suite = useConsole({
    env: { ADMIN_EMAIL: admin.email, ADMIN_PASSWORD: admin.password, SESSION_SECRET: secret },
    accounts: [operator],
  });
  let adminId: number;

  beforeAll(async () => {
    adminId = (await createUserRepository(suite.app.deps.db).findByEmail(admin.email))?.id ?? 0;
  });
  afterEach(async () => {
    await suite.app.deps.redis.del(prefix + oldFormat.id);
  });

  const withCookie = (cookie: string, path = "/console/admin/users") =>
    fetch(suite.app.url + path, {
      redirect: "manual",
      headers: { cookie: `qoldau_console=${cookie}` },
    });
  const sessionCookie = (response: Response) =>
    response.headers.getSetCookie().find((line) => line.startsWith("qoldau_console="));
  const cleared = (response: Response) =>
    /^qoldau_console=;.*Expires=Thu, 01 Jan 1970/.test(sessionCookie(response) ?? "");
  /** The session id inside a `qoldau_console` Set-Cookie line. */
  const idOf = (line: string | undefined) => /^qoldau_console=([^.;]+)\./.exec(line ?? "")?.[1];

  it("keeps an admin signed in with a cookie and a session that @fastify/session stored before the upgrade, and rewrites neither", async () => {
    const stored = oldFormat.value(adminId, new Date(Date.now() + hour));
    await suite.app.deps.redis.set(prefix + oldFormat.id, stored, "PX", hour);

    const response = await withCookie(oldFormat.cookie);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("op@qoldau.test");
    expect(sessionCookie(response)).toBeUndefined();
    expect(await suite.app.deps.redis.get(prefix + oldFormat.id)).toBe(stored);
    expect(await suite.app.deps.redis.pttl(prefix + oldFormat.id)).toBeLessThanOrEqual(hour);
  });

  it("treats an old session whose cookie expiry has passed as none, deletes it and clears the cookie", async () => {
    const stored = oldFormat.value(adminId, new Date(Date.now() - 1000));
    await suite.app.deps.redis.set(prefix + oldFormat.id, stored, "PX", hour);

    const response = await withCookie(oldFormat.cookie);
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/console/login");
    expect(cleared(response)).toBe(true);
    expect(await suite.app.deps.redis.exists(prefix + oldFormat.id)).toBe(0);
  });

  it("stores a sign-in for 8 hours with a cookie that expires with it, and writes nothing more on later requests", async () => {
    const client = new ConsoleClient(suite.app.url);
    const login = await client.login(admin.email, admin.password);
    const cookie = sessionCookie(login);
    const id = idOf(cookie);
    expect(id).toBeDefined();
    const key = prefix + id;
    const stored = await suite.app.deps.redis.get(key);
    expect(stored).toContain(`"userId":${adminId}`);
    expect(await suite.app.deps.redis.pttl(key)).toBeGreaterThan(8 * hour - 60_000);
    const expires = Date.parse(/Expires=([^;]+)/.exec(cookie ?? "")?.[1] ?? "");
    expect(Math.abs(expires - (Date.now() + 8 * hour))).toBeLessThan(60_000);
    expect(cookie).not.toMatch(/Max-Age/i);

    await new Promise((resolve) => setTimeout(resolve, 50));
    const page = await client.get("/console/admin/users");
    expect(page.status).toBe(200);
    expect(sessionCookie(page)).toBeUndefined();
    expect(await suite.app.deps.redis.get(key)).toBe(stored);
    // Not stored again: the time left keeps running down.
    expect(await suite.app.deps.redis.pttl(key)).toBeLessThan(8 * hour - 40);
  });

  it("gives a new session id at sign-in and deletes the one the browser had", async () => {
    const client = new ConsoleClient(suite.app.url);
    const first = idOf(sessionCookie(await client.login(operator.email, operator.password)));
    const signed = new Signer(secret, "sha256").sign(first ?? "");
    expect((await withCookie(signed, "/console/search")).status).toBe(200);

    // Signing in again from the same browser (with a token from a page it can see).
    const again = await client.submit("/console/search", "/console/login", admin);
    expect(again.headers.get("location")).toBe("/console/admin/users");
    const second = idOf(sessionCookie(again));
    expect(second).toBeDefined();
    expect(second).not.toBe(first);
    expect(await suite.app.deps.redis.exists(prefix + first)).toBe(0);
    const planted = await withCookie(signed, "/console/search");
    expect(planted.status).toBe(302);
    expect(planted.headers.get("location")).toBe("/console/login");
    expect((await client.get("/console/admin/users")).status).toBe(200);
  });

  it("signs out: the session is deleted, the cookie cleared, and the old cookie no longer works", async () => {
    const client = new ConsoleClient(suite.app.url);
    const id = idOf(sessionCookie(await client.login(admin.email, admin.password)));
    const signed = new Signer(secret, "sha256").sign(id ?? "");
    const out = await client.submit("/console/admin/users", "/console/logout", {});
    expect(out.status).toBe(302);
    expect(cleared(out)).toBe(true);
    expect(await suite.app.deps.redis.exists(prefix + id)).toBe(0);
    const replayed = await withCookie(signed);
    expect(replayed.status).toBe(302);
    expect(replayed.headers.get("location")).toBe("/console/login");
  });

  it("treats forged, garbled and unknown cookies as no session, without an error", async () => {
    const client = new ConsoleClient(suite.app.url);
    const id = idOf(sessionCookie(await client.login(admin.email, admin.password))) ?? "";
    const cookies = [
      new Signer("another-secret-0123456789abcdefghijkl", "sha256").sign(id),
      id,
      `${id}.`,
      "",
      "%E0%A4%A",
      "a.b.c",
      "x".repeat(4000),
      new Signer(secret, "sha256").sign("no-such-session"),
    ];
    for (const cookie of cookies) {
      const response = await withCookie(cookie);
      expect(response.status, cookie).toBe(302);
      expect(response.headers.get("location")).toBe("/console/login");
    }
    // The real session is untouched by the attempts.
    expect((await client.get("/console/admin/users")).status).toBe(200);
  });

  it("treats a session that cannot be read, or whose user no longer exists, as none", async () => {
    const cookie = oldFormat.cookie;
    await suite.app.deps.redis.set(prefix + oldFormat.id, "{not json", "PX", hour);
    const garbled = await withCookie(cookie);
    expect(garbled.status).toBe(302);
    expect(cleared(garbled)).toBe(true);

    await suite.app.deps.redis.set(
      prefix + oldFormat.id,
      oldFormat.value(99_999, new Date(Date.now() + hour)),
      "PX",
      hour,
    );
    const orphan = await withCookie(cookie);
    expect(orphan.status).toBe(302);
    expect(cleared(orphan)).toBe(true);
    expect(await suite.app.deps.redis.exists(prefix + oldFormat.id)).toBe(0);
  });
});
