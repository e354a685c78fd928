import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { webChatIdOf } from "../../src/webchat/ids.ts";
import { buildApp } from "../support/app.ts";
import { testRedisUrl } from "../support/suite-redis.ts";
import { WebChatClient } from "./client.ts";

// Not the form's own example name, which the bot's question shows.
const name = "Нұрланова Бақыт Серікқызы";

let app: Awaited<ReturnType<typeof buildApp>>;
let redis: Redis;
beforeAll(async () => {
  app = await buildApp(testRedisUrl());
  redis = new Redis(testRedisUrl());
}, 60_000);
afterAll(async () => {
  redis?.disconnect();
  await app?.close();
});

describe("what the web chat keeps", () => {
  it("does not keep a name typed into the application form, and shows it as withheld", async () => {
    const client = new WebChatClient(app.url, "kk");
    const [greeting] = (await client.hello()).slice(-1);
    await client.follow();
    if (!greeting) throw new Error("no greeting");
    expect(await client.pressData(greeting, "m:services")).toBe(202);
    const list = await client.waitForBot((m) =>
      JSON.stringify(m.buttons).includes("c:home_schooling"),
    );
    expect(await client.pressData(list, "c:home_schooling")).toBe(202);
    const card = await client.waitForBot((m) =>
      JSON.stringify(m.buttons).includes("d:home_schooling"),
    );
    expect(await client.pressData(card, "d:home_schooling")).toBe(202);
    let question = await client.waitForBot();
    if (JSON.stringify(question.buttons ?? []).includes("d:k:plain")) {
      expect(await client.pressData(question, "d:k:plain")).toBe(202);
      question = await client.waitForBot();
    }
    expect(question.plain).toMatch(/тегіңіз, атыңыз/);
    expect(await client.say(name)).toBe(202);
    await client.waitForBot();
    const typed = client.list().filter((m) => m.from === "user");
    expect(typed.at(-1)?.plain).toMatch(/Жеке дерек/);
    const chat = webChatIdOf(client.cookie.split("=")[1] ?? "");
    const dump = JSON.stringify(await redis.hgetall(`qoldau:webchat:${chat}`));
    expect(dump).toContain("Жеке дерек");
    expect(dump).not.toContain("Бақыт");
    await client.close();
  });
});
