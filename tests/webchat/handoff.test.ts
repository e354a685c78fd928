import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUserRepository } from "../../src/users/repository.ts";
import { buildApp } from "../support/app.ts";
import { testRedisUrl } from "../support/suite-redis.ts";
import { WebChatClient } from "./client.ts";

/**
 * The handoff is the bot's, so it works in the web chat with no code of its own: the
 * conversation is recorded as a web chat's, and the operator's reply arrives as a bubble.
 */
let app: Awaited<ReturnType<typeof buildApp>>;
let client: WebChatClient;

beforeAll(async () => {
  app = await buildApp(testRedisUrl());
  client = new WebChatClient(app.url, "kk");
}, 60_000);
afterAll(async () => {
  await client?.close();
  await app?.close();
});

describe("a person from the web chat", () => {
  it("queues the parent's question as a web chat's and brings the operator's reply into the page", async () => {
    await client.hello();
    await client.follow();
    await client.say("адаммен сөйлескім келеді");
    const consent = await client.waitForBot((m) => (m.buttons?.flat().length ?? 0) > 0);
    await client.press(consent, "Иә");
    await client.waitForBot();
    await client.say("Мектеп үйде оқытуға өтінішті қабылдамай жатыр");

    const waiting = await expect
      .poll(async () => (await app.deps.handoff.waiting()).filter((c) => c.channel === "webchat"))
      .toHaveLength(1)
      .then(async () => (await app.deps.handoff.waiting()).find((c) => c.channel === "webchat"));
    if (!waiting) throw new Error("no web-chat conversation");
    expect(waiting.language).toBe("kk");

    const operator = await createUserRepository(app.deps.db).create({
      email: "webchat-operator@qoldau.test",
      password: "operator-pass-9",
      role: "operator",
      displayName: "Айгерім Серікова",
    });
    const actor = { id: operator.id, role: "operator" as const };
    expect(await app.deps.handoff.take(waiting.id, actor)).toBe(true);
    await app.deps.handoff.send(waiting.id, actor, {
      kind: "text",
      text: "Сәлеметсіз бе! Мектептің жауабын жазбаша сұраңыз.",
    });
    const reply = await client.waitForBot((m) => m.plain.includes("жазбаша сұраңыз"), 20_000);
    // The operator's first name only, never the surname.
    expect(reply.plain).toMatch(/Айгерім/);
    expect(reply.plain).not.toMatch(/Серікова/);
  });

  it("kk: asking again while in the queue says where the parent stands, not the consent again", async () => {
    const second = new WebChatClient(app.url, "kk");
    try {
      await second.hello();
      await second.follow();
      await second.say("адаммен сөйлескім келеді");
      const consent = await second.waitForBot((m) => (m.buttons?.flat().length ?? 0) > 0);
      await second.press(consent, "Иә");
      await second.waitForBot();
      await second.say("Арнаулы мектепке қашан қабылдайды?");
      // No operator is online here: the question is kept for the next working period.
      await second.waitForBot((m) => /сақталды|кезектесіз/.test(m.plain));

      await second.press(consent, "Басты мәзір");
      const menu = await second.waitForBot((m) =>
        (m.buttons?.flat() ?? []).some((b) => b.text.includes("Операторға жазу")),
      );
      await second.press(menu, "Операторға жазу");
      const answer = await second.waitForBot();
      expect(answer.plain).toMatch(/^Сіз кезектесіз: 1-ші\. Хабарламаларыңыз операторға жетеді\./);
      const open = (await app.deps.handoff.waiting()).filter((c) => c.channel === "webchat");
      expect(open).toHaveLength(1);
    } finally {
      await second.close();
    }
  });
});
