import { randomUUID } from "node:crypto";
import type { Message } from "grammy/types";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../support/app.ts";
import {
  type SimulatedInformationSystem,
  startInformationSystem,
} from "../support/information-system.ts";
import { testRedisUrl } from "../support/suite-redis.ts";
import {
  inlineButtons,
  type SimulatedUser,
  startTelegramApiServer,
} from "../support/telegram-api/index.ts";

type App = Awaited<ReturnType<typeof buildApp>>;
type Api = Awaited<ReturnType<typeof startTelegramApiServer>>;

let api: Api;
let app: App;
let system: SimulatedInformationSystem;
let nextUserId = 500_000 + Math.floor(Math.random() * 100_000);
const prefix = `t${randomUUID().slice(0, 8)}`;

beforeAll(async () => {
  api = await startTelegramApiServer({ limits: false });
  system = await startInformationSystem();
  system.records.set("BLM-1001", { status: "IN_WORK", updatedAt: "2026-11-21T09:00:00.000Z" });
  app = await buildApp(testRedisUrl(), {
    INFORMATION_SYSTEMS: `Bilimal=${system.url}`,
    STATUS_STILL_CHECKING_MS: "300",
    BOT_TOKEN: api.token,
    TELEGRAM_API_ROOT: api.apiRoot,
    DEMO_DATA: "1",
    STATUS_QUEUE_PREFIX: prefix,
  });
});
afterAll(async () => {
  await app?.close();
  const redis = new Redis(testRedisUrl());
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
  await api?.close();
  await system?.close();
});

function parent(language = "ru"): SimulatedUser {
  nextUserId += 1;
  return api.user({ id: nextUserId, firstName: "Ата-ана", languageCode: language });
}

const newerThan = (message: Message) => (next: Message) => next.message_id > message.message_id;

async function consent(user: SimulatedUser, id: string) {
  const sent = user.sendCommand(`/status ${id}`);
  const ask = await user.waitForMessage(newerThan(sent));
  const agree = inlineButtons(ask).find((button) => button.callbackData === "st:cy");
  expect(ask.text).toMatch(/статье 8/);
  if (!agree?.callbackData) throw new Error("no consent button");
  user.pressButton(ask, agree.callbackData);
  const recorded = await user.waitForMessage((m) => /согласие записано/.test(m.text ?? ""));
  // The time is Almaty's (UTC+5), not the UTC the database keeps: 23:19 in Almaty, not 18:19.
  const row = await app.deps.db
    .selectFrom("status_consent")
    .select("decided_at")
    .where("subject", "=", `telegram:${user.id}`)
    .orderBy("decided_at", "desc")
    .executeTakeFirstOrThrow();
  const local = new Date(Date.parse(row.decided_at) + 5 * 3600_000).toISOString();
  const shown = `${local.slice(8, 10)}.${local.slice(5, 7)}.${local.slice(0, 4)} ${local.slice(11, 16)}`;
  expect(recorded.text).toBe(`Спасибо, ваше согласие записано: ${shown}.`);
  return user.waitForMessage(newerThan(recorded), 5000);
}

describe("status in the bot (demo data)", () => {
  it("asks consent, shows a stranger the coarse status, and the owner's own contact unlocks details", async () => {
    const user = parent();
    const coarse = await consent(user, "65h9-thpj-h6na");
    expect(coarse.text).toMatch(/Заявление 65H9-THPJ-H6NA: на рассмотрении\. Срок:/);
    expect(coarse.text).not.toMatch(/История|Школа/);
    expect(
      user
        .replyKeyboard()
        ?.flat()
        .some((button) => button.requestContact),
    ).toBe(true);

    // Someone else's contact proves nothing.
    const forwarded = user.sendContact({ phone: "+7 700 000 0001", userId: 42 });
    expect((await user.waitForMessage(newerThan(forwarded))).text).toMatch(/только своим номером/);

    const own = user.sendContact({ phone: "+7 700 000 0001" });
    const detailed = await user.waitForMessage(newerThan(own), 5000);
    expect(detailed.text).toMatch(/Школа-гимназия № 12/);
    expect(detailed.text).toMatch(/История:/);

    // Now linked: a stage change reaches this chat once, in the parent's language.
    const lookups = app.deps.statusLookups;
    if (!lookups) throw new Error("no status service");
    const change = {
      applicationId: "65H9-THPJ-H6NA",
      stage: "result_prepared" as const,
      actor: "provider:ast-school-12",
    };
    await app.deps.registry.moveStage(change);
    await app.deps.registry.moveStage(change);
    const notice = await user.waitForMessage((m) => /изменился/.test(m.text ?? ""), 5000);
    expect(notice.text).toBe("Этап заявления 65H9-THPJ-H6NA изменился: результат подготовлен.");
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(user.messages().filter((m) => /изменился/.test(m.text ?? ""))).toHaveLength(1);
  });

  it("shows the refusal ground to the owner who gives the receipt PIN", async () => {
    const user = parent("kk");
    const sent = user.sendCommand("/status EGN8-2JA6-RVTG");
    const ask = await user.waitForMessage(newerThan(sent));
    user.pressButton(ask, "st:cy");
    await user.waitForMessage((m) => /бас тартылды/.test(m.text ?? ""), 5000);
    const pinButton = user.sendText("PIN-кодты енгізу");
    await user.waitForMessage(newerThan(pinButton));
    const pin = user.sendText("771204");
    const detailed = await user.waitForMessage(newerThan(pin), 5000);
    expect(detailed.text).toMatch(/Бас тарту негізі:/);
  });

  it("says it is still checking when the information system is slow, then sends the answer", async () => {
    system.latencyMs = 1200;
    const user = parent();
    const sent = user.sendCommand("/status H392-WPFY-6FSD");
    const ask = await user.waitForMessage(newerThan(sent));
    user.pressButton(ask, "st:cy");
    const checking = await user.waitForMessage((m) => /Проверяем/.test(m.text ?? ""), 5000);
    const answer = await user.waitForMessage(newerThan(checking), 8000);
    expect(answer.text).toMatch(/Заявление H392-WPFY-6FSD: на рассмотрении/);
    system.latencyMs = 0;
  });

  it("explains where to find the real number when the ID is mistyped", async () => {
    const user = parent();
    const sent = user.sendCommand("/status 65H9-THPJ-H6NB");
    const reply = await user.waitForMessage(newerThan(sent));
    expect(reply.text).toMatch(/расписке/);
    expect(reply.text).toMatch(/egov\.kz/);
  });

  it("does no lookup without consent", async () => {
    const user = parent();
    const sent = user.sendCommand("/status R86Z-A7PW-MFNN");
    const ask = await user.waitForMessage(newerThan(sent));
    user.pressButton(ask, "st:cn");
    const refused = await user.waitForMessage((m) => /Без согласия/.test(m.text ?? ""));
    expect(refused.text).toMatch(/1414/);
    const again = user.sendCommand("/status R86Z-A7PW-MFNN");
    const reply = await user.waitForMessage(newerThan(again));
    expect(reply.text).toMatch(/Вы согласны\?/);
    expect(await app.deps.statusLookups?.consentDecision(user.id)).toBe("refused");
  });
});
