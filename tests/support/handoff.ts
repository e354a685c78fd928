import { Api } from "grammy";
import type { NewUser } from "../../src/users/repository.ts";
import { createUserRepository } from "../../src/users/repository.ts";
import { startHandoffDelivery, telegramHandoffSender } from "../../src/workers/handoff-delivery.ts";
import type { BotHarness } from "./bot-harness.ts";

/** An operator whose display name has a surname the parent must never see. */
export const aigerim = {
  email: "aigerim@qoldau.test",
  password: "operator-pass-1",
  role: "operator",
  displayName: "Айгерім Серікова",
} as const satisfies NewUser;

export const dana = {
  email: "dana@qoldau.test",
  password: "operator-pass-2",
  role: "operator",
  displayName: "Дана Ахметова",
} as const satisfies NewUser;

/**
 * The delivery worker on the harness's Redis, queues and loopback Bot API, as `startWorkers`
 * starts it: operators' messages go out from this process, the queue being the fallback.
 */
export async function startDelivery(h: BotHarness, redisUrl: string, sweepMs = 300) {
  const api = new Api(h.api.token, { apiRoot: h.api.apiRoot });
  const delivery = await startHandoffDelivery({
    db: h.deps.db,
    redisUrl,
    prefix: h.queuePrefix,
    logger: h.deps.logger,
    i18n: h.deps.i18n,
    knowledge: h.deps.knowledge,
    senders: { telegram: telegramHandoffSender(api) },
    sweepMs,
    positionsMs: 500,
  });
  const fromHere = h.deps.handoff.deliverFromHere(delivery.deliverNow);
  return {
    ...delivery,
    async close() {
      fromHere();
      await delivery.close();
    },
  };
}

export async function createOperators(h: BotHarness, users: NewUser[]) {
  const repository = createUserRepository(h.deps.db);
  const created = [];
  for (const user of users) created.push(await repository.create(user));
  return created;
}
