import { describe, expect, it } from "vitest";
import { registeredRoutes, useAttackedApp } from "../support/attacked-app.ts";
import { WebChatClient } from "../webchat/client.ts";

const iin = "900101300123";
const perChat = 3;
const perAddress = 10;

/** Routes outside the console that anyone may call without a web chat identity. */
const publicRoutes = new Set([
  "GET /",
  "GET /healthz",
  "GET /metrics",
  "GET /chat",
  "GET /chat/embed.js",
  "GET /chat/assets/:name",
  "GET /chat/api/embed-check",
  "POST /chat/api/hello",
  "OPTIONS /chat/api/*",
  "GET /setup/:token",
  "POST /setup/:token",
]);

describe("attacks on the web chat", () => {
  const attacked = useAttackedApp({
    env: {
      WEBCHAT_MESSAGES_PER_MINUTE: String(perChat),
      WEBCHAT_ADDRESS_MESSAGES_PER_MINUTE: String(perAddress),
      WEBCHAT_ALLOWED_ORIGINS: "https://school12.edu.kz",
    },
  });
  let sent = 0;

  it("every route outside the console: public by name, else refused without identity; never a 500", async () => {
    const { app } = attacked();
    const routes = registeredRoutes(app).filter(
      (route) =>
        !route.url.startsWith("/console") &&
        !route.url.startsWith("/api/") &&
        route.method !== "HEAD",
    );
    expect(routes.map((r) => `${r.method} ${r.url}`)).toEqual(
      expect.arrayContaining(["GET /chat", "POST /chat/api/messages", "GET /chat/api/events"]),
    );
    for (const { url, method } of routes) {
      const concrete = url.replaceAll(/:[a-zA-Z]+/g, "x").replace("*", "x");
      const response = await fetch(`${app.url}${concrete}`, {
        method,
        ...(method === "POST"
          ? { headers: { "content-type": "application/json" }, body: "{}" }
          : {}),
        redirect: "manual",
      });
      const where = `${method} ${url}: ${response.status}`;
      expect(response.status, where).toBeLessThan(500);
      if (!publicRoutes.has(`${method} ${url}`))
        expect([401, 403, 404], where).toContain(response.status);
      // Another site's page may not use the chat's API unless its origin is allowed.
      if (url.startsWith("/chat/api/")) {
        const foreign = await fetch(`${app.url}${concrete}`, {
          method,
          headers: { origin: "https://evil.example", "content-type": "application/json" },
          ...(method === "POST" ? { body: "{}" } : {}),
        });
        expect(foreign.status, `foreign ${where}`).toBe(403);
      }
    }
  });

  it("limits one chat, and stores a typed ИИН only scrubbed", async () => {
    const { app, redis } = attacked();
    const client = new WebChatClient(app.url);
    await client.hello();
    const statuses: number[] = [];
    for (let i = 0; i < perChat + 1; i++)
      statuses.push(await client.say(i === 0 ? `баламның ЖСН ${iin}, ПМПК қайда?` : "ПМПК?"));
    sent += perChat;
    expect(statuses).toEqual([...Array(perChat).fill(202), 429]);
    await client.follow();
    const mine = client.list().filter((m) => m.from === "user");
    expect(mine[0]?.plain).toContain("[ЖСН]");
    const keys = await redis.keys("qoldau:webchat:*");
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) {
      const type = await redis.type(key);
      const dump =
        type === "hash"
          ? JSON.stringify(await redis.hgetall(key))
          : String(await redis.get(key).catch(() => ""));
      expect(dump, key).not.toContain(iin);
    }
    await client.close();
  });

  it("limits an address over many chats, whatever X-Forwarded-For claims", async () => {
    const { app } = attacked();
    let accepted = 0;
    let refused = false;
    for (let i = 0; i < perAddress * 2 && !refused; i++) {
      const client = new WebChatClient(app.url);
      await client.hello();
      const response = await fetch(`${app.url}/chat/api/messages`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          cookie: client.cookie,
          "x-forwarded-for": `203.0.113.${i + 1}`,
        },
        body: JSON.stringify({ text: "ПМПК қайда?" }),
      });
      if (response.status === 202) accepted += 1;
      else refused = response.status === 429;
    }
    expect(refused).toBe(true);
    expect(accepted + sent).toBe(perAddress);
  });
});
