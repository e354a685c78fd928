import type { Session } from "fastify";
import { afterAll, describe, expect, inject, it, vi } from "vitest";
import { createRedisSessionStore } from "../../src/console/session-store.ts";
import { createClientConnection, type Redis } from "../../src/infra/redis.ts";
import { operatorUser, useConsole } from "./harness.ts";

const connections: Redis[] = [];
const connect = () => {
  const connection = createClientConnection(inject("redisUrl"));
  connections.push(connection);
  return connection;
};
afterAll(async () => {
  await Promise.all(connections.map((c) => c.quit()));
});

/** One console instance's session store, keeping what it read for a minute. */
async function instance(prefix: string) {
  const store = createRedisSessionStore(connect(), prefix, 60_000, {
    subscriber: connect(),
    ms: 60_000,
  });
  await store.ready;
  const get = (id: string) =>
    new Promise<Session | null | undefined>((resolve, reject) =>
      store.get(id, (error, session) => (error ? reject(error) : resolve(session))),
    );
  const set = (id: string, session: object) =>
    new Promise<void>((resolve, reject) =>
      store.set(id, session as Session, (error) => (error ? reject(error) : resolve())),
    );
  const destroy = (id: string) =>
    new Promise<void>((resolve, reject) =>
      store.destroy(id, (error) => (error ? reject(error) : resolve())),
    );
  return { get, set, destroy };
}

describe("console sessions kept by each instance", () => {
  it("a session signed out on one instance stops working on the other, long before its copy would expire", async () => {
    const prefix = `test:sessions:${Date.now()}:`;
    const first = await instance(prefix);
    const second = await instance(prefix);
    await first.set("s1", { userId: 7 });
    expect(await second.get("s1")).toMatchObject({ userId: 7 });
    // Changed behind the stores' backs, the session is still served from the second's copy.
    const redis = connect();
    await redis.set(`${prefix}s1`, JSON.stringify({ userId: 8 }));
    expect(await second.get("s1")).toMatchObject({ userId: 7 });

    await first.destroy("s1");
    expect(await first.get("s1")).toBeNull();
    await vi.waitFor(async () => expect(await second.get("s1")).toBeNull(), { timeout: 5_000 });
    expect(await redis.exists(`${prefix}s1`)).toBe(0);
  });
});

describe("signing out of the console", () => {
  const suite = useConsole({ users: { operator: operatorUser } });

  it("ends the session at once: the same cookie is sent to the login page on the next request", async () => {
    expect((await suite.operator.get("/console/search")).status).toBe(200);
    const out = await suite.operator.submit("/console/search", "/console/logout", {});
    expect(out.status).toBe(302);
    const next = await suite.operator.get("/console/search");
    expect(next.status).toBe(302);
    expect(next.headers.get("location")).toBe("/console/login");
  });
});
