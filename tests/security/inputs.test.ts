import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { adminAccount, registeredRoutes, useAttackedApp } from "../support/attacked-app.ts";
import { ConsoleClient } from "../support/console-client.ts";

const operator = {
  email: "op@qoldau.test",
  password: "operator-pass-1",
  role: "operator",
} as const;
const school = {
  email: "school12@qoldau.test",
  password: "school-pass-12",
  role: "school_admin",
  providerId: "ast-school-12",
} as const;
const iin = "900101300123";
const phone = "+7 701 555 1234";

describe("attacks on console input", () => {
  const attacked = useAttackedApp({
    env: { DEMO_DATA: "1", STATUS_PROOF_FAILURES_PER_HOUR: "3", STATUS_UNKNOWN_IDS_PER_HOUR: "3" },
    accounts: [adminAccount, operator, school],
  });
  const signedIn = async (account: { email: string; password: string }) => {
    const client = new ConsoleClient(attacked().app.url);
    expect((await client.login(account.email, account.password)).status).toBe(302);
    return client;
  };

  it("every console route × every role: no route without a rule, never a 500", async () => {
    const { app } = attacked();
    // The route table as Fastify prints it (a tree): every route registered, now or later.
    const routes = registeredRoutes(app).filter(
      (route) =>
        route.url.startsWith("/console") &&
        ["GET", "POST", "PUT", "PATCH", "DELETE"].includes(route.method),
    );
    expect(routes.length).toBeGreaterThan(20);
    // Methods beyond GET and POST are walked too (the queue dashboard's API uses PUT).
    expect(routes.some((route) => route.method === "PUT")).toBe(true);
    const clients = {
      anonymous: new ConsoleClient(app.url),
      operator: await signedIn(operator),
      school_admin: await signedIn(school),
      admin: await signedIn(adminAccount),
    };
    for (const { url, method } of routes) {
      if (method === "HEAD" || url.includes("/assets/") || url.includes("*")) continue;
      const concrete = url.replaceAll(/:[a-zA-Z]+/g, "1");
      for (const [role, client] of Object.entries(clients)) {
        // PUT/PATCH/DELETE: signed-in non-admins come from the console's own origin, so only the
        // role rule can stop them; an admin's request from no origin must be refused by it.
        const sameOrigin: Record<string, string> = role === "admin" ? {} : { origin: app.url };
        const response =
          method === "GET"
            ? await client.get(concrete)
            : method === "POST"
              ? await client.post(concrete, {})
              : await client.request(method, concrete, {}, sameOrigin);
        const where = `${role} ${method} ${url}: ${response.status}`;
        expect(response.status, where).toBeLessThan(500);
        if (role === "anonymous" && !concrete.startsWith("/console/login"))
          expect([302, 401, 403], where).toContain(response.status);
        const adminOnly = /^\/console\/(admin|analytics)(\/|$)/.test(concrete);
        if (role !== "admin" && role !== "anonymous" && adminOnly)
          expect([403], where).toContain(response.status);
        // Every change without a token (or from no origin) is refused before it does anything.
        if (method !== "GET" && role !== "anonymous")
          expect([403], where).toContain(response.status);
      }
    }
  });

  it("oversized and duplicated query parameters answer 400 in the operator's language", async () => {
    const client = await signedIn(operator);
    for (const query of [`q=${"a".repeat(301)}`, "q=a&q=b"]) {
      for (const route of ["/console/search", "/console/api/search", "/console/api/answer"]) {
        const response = await client.get(`${route}?${query}`);
        expect(response.status, `${route}?${query.slice(0, 10)}`).toBe(400);
        expect(await response.text()).toContain("300 таңбадан");
      }
    }
    const admin = await signedIn(adminAccount);
    const { csrf } = await admin.page("/console/campaigns");
    for (const form of [
      { intent: "bogus", textKk: "x", textRu: "x" },
      { intent: "send", textKk: "x".repeat(4000), textRu: "x" },
    ]) {
      const response = await admin.post("/console/campaigns", { ...form, _csrf: csrf });
      expect(response.status).toBe(400);
    }
    for (const scheduledAt of ["9999-01-01T10:00", "1970-01-01T10:00"]) {
      const response = await admin.post("/console/campaigns", {
        intent: "send",
        scope: "all",
        textKk: "Еске салу",
        textRu: "Напоминание",
        scheduledAt,
        _csrf: csrf,
      });
      expect(response.status).toBe(400);
    }
    const school12 = await signedIn(school);
    const moved = await school12.page(
      `/console/school?moved=${encodeURIComponent("<b>Hacked</b> free text")}`,
    );
    expect(moved.text).not.toContain("Hacked");
  });

  it("the queue dashboard cannot be framed and refuses a change from another origin", async () => {
    const admin = await signedIn(adminAccount);
    const board = await admin.get("/console/admin/queues/");
    expect(board.status).toBe(200);
    expect(board.headers.get("content-security-policy")).toMatch(/frame-ancestors 'none'/);
    expect(board.headers.get("x-frame-options")).toBe("DENY");
    const forged = await admin.request(
      "PUT",
      "/console/admin/queues/api/queues/pause",
      {},
      { origin: "https://evil.example" },
    );
    expect(forged.status).toBe(403);
  });

  it("PIN and unknown-ID races: parallel requests cannot pass the caps, and a stranger's PINs do not lock the owner's contact", async () => {
    const { app } = attacked();
    const lookups = app.deps.statusLookups;
    if (!lookups) throw new Error("no status service");
    for (const user of [501, 502, 503]) await lookups.recordConsent(user, "granted");
    const id = "65H9-THPJ-H6NA";
    const pins = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        lookups.requestLookup({
          applicationId: id,
          requester: { kind: "operator", operatorId: 900 + i },
          proof: { pin: String(100000 + i) },
        }),
      ),
    );
    expect(pins.every((outcome) => !outcome.ok || outcome.proof === "rejected")).toBe(true);
    // The cap is spent: even the right PIN is refused now...
    const rightPin = await lookups.requestLookup({
      applicationId: id,
      requester: { kind: "operator", operatorId: 999 },
      proof: { pin: "482913" },
    });
    expect(rightPin).toMatchObject({ proof: "rejected" });
    // Strangers who know the ID also spend its phone attempts with wrong numbers...
    const wrongPhones = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        lookups.requestLookup({
          applicationId: id,
          requester: { kind: "operator", operatorId: 950 + i },
          proof: { phone: `+7 700 000 09${10 + i}` },
        }),
      ),
    );
    expect(wrongPhones.every((outcome) => !outcome.ok || outcome.proof === "rejected")).toBe(true);
    // ...but the owner's own Telegram contact still proves ownership.
    const owner = await lookups.requestLookup({
      applicationId: id,
      requester: { kind: "telegram", userId: 501 },
      proof: { phone: "+7 700 000 0001" },
    });
    expect(owner).toMatchObject({ ok: true, proof: "accepted", view: "detailed" });

    const { generateApplicationId } = await import("../../src/applications/id.ts");
    const unknown = await Promise.all(
      Array.from({ length: 10 }, () =>
        lookups.requestLookup({
          applicationId: generateApplicationId(),
          requester: { kind: "telegram", userId: 502 },
        }),
      ),
    );
    expect(unknown.filter((outcome) => outcome.ok)).toHaveLength(3);
  });

  it("personal data planted in every input is found neither in the logs, nor in Redis, nor in the database", async () => {
    const { app, redis, logs } = attacked();
    const logged = logs.length;
    const client = await signedIn(operator);
    const planted = `Асанов Ерлан Маратович ДЦП ${iin} ${phone}`;
    await client.get(`/console/search?q=${encodeURIComponent(planted.slice(0, 250))}`);
    const { csrf } = await client.page("/console/search");
    await client.post("/console/flags", {
      kind: "wrong",
      query: planted,
      lang: "ru",
      comment: planted,
      _csrf: csrf,
    });
    for (const typed of [iin, phone]) {
      const { csrf: statusCsrf } = await client.page("/console/status");
      await client.post("/console/status", {
        applicationId: typed,
        method: "none",
        proof: "",
        _csrf: statusCsrf,
      });
    }
    await client.get(`/console/flow?text=${encodeURIComponent(planted)}`);
    await new ConsoleClient(app.url).login(`${iin}@qoldau.test`, phone);

    const digitsOnly = (text: string) =>
      text.includes(iin) || text.includes("77015551234") || text.includes(phone);
    const keys = await redis.keys("*");
    for (const key of keys) {
      const type = await redis.type(key);
      const value =
        type === "string"
          ? ((await redis.get(key)) ?? "")
          : type === "hash"
            ? JSON.stringify(await redis.hgetall(key))
            : type === "list"
              ? JSON.stringify(await redis.lrange(key, 0, -1))
              : "";
      expect(digitsOnly(key + value), key).toBe(false);
    }
    // The attacks were logged (requests at least), and no line holds what was planted.
    const lines = logs.slice(logged);
    expect(lines.length).toBeGreaterThan(5);
    for (const line of lines) {
      const decoded = JSON.stringify(JSON.parse(line));
      expect(digitsOnly(line) || digitsOnly(decoded), line).toBe(false);
      expect(decoded.includes("Асанов") || line.includes(encodeURIComponent("Асанов")), line).toBe(
        false,
      );
    }
    const files = (await readdir(app.dir)).filter((name) => name.startsWith("qoldau.sqlite"));
    for (const file of files) {
      const bytes = await readFile(path.join(app.dir, file));
      expect(bytes.includes(iin), file).toBe(false);
      expect(bytes.includes(phone), file).toBe(false);
      expect(bytes.includes("Асанов"), file).toBe(false);
    }
  });
});
