/**
 * npm run bench:handoff [-- --parents 200 --operators 20 --rounds 5 --cpu-prof rounds.cpuprofile]
 *
 * Parents in conversation with 1414 operators, all at once, with real parts: the bot (runner
 * long polling) on the loopback Telegram Bot API, a redis-server of its own, SQLite, the console
 * over HTTP with one Server-Sent Events stream per conversation (what the operators' screens
 * hold), and the delivery (sent from the console's process after the database write, a BullMQ
 * job as the fallback; per-chat order, 1 message/s per chat).
 *
 * Each round every parent types a message (measured until it reaches the operator's event
 * stream), then every operator answers each of their conversations through the console's
 * HTTP route (measured until the message is in the parent's chat). Prints p50/p99 of both and
 * the messages lost or duplicated. Rounds are spaced 1.1 s apart: Telegram allows one message
 * per second per chat, and the delivery worker keeps to it.
 */
import { writeFile } from "node:fs/promises";
import { Session } from "node:inspector/promises";
import os from "node:os";
import { parseArgs } from "node:util";
import type { Message } from "grammy/types";
import { createServer } from "../src/http/server.ts";
import { createUserRepository } from "../src/users/repository.ts";
import { startBotHarness } from "../tests/support/bot-harness.ts";
import { ConsoleClient } from "../tests/support/console-client.ts";
import { startDelivery } from "../tests/support/handoff.ts";
import { startTestRedis } from "../tests/support/redis-server.ts";

const { values } = parseArgs({
  options: {
    parents: { type: "string", default: "200" },
    operators: { type: "string", default: "20" },
    rounds: { type: "string", default: "5" },
    // A CPU profile of the rounds only (the set-up's 200 bot conversations would drown them).
    "cpu-prof": { type: "string" },
  },
});
const parentCount = Number(values.parents);
const operatorCount = Number(values.operators);
const rounds = Number(values.rounds);

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Reads one SSE stream, calling `onMessage` with each `message` event's html. */
async function watch(client: ConsoleClient, path: string, onMessage: (html: string) => void) {
  const response = await client.get(path, { accept: "text/event-stream" });
  if (!response.body) throw new Error("no event stream");
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  let ready: () => void = () => undefined;
  const isReady = new Promise<void>((resolve) => {
    ready = resolve;
  });
  void (async () => {
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let end = buffer.indexOf("\n\n");
      while (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event === "ready") ready();
        if (event === "message" && data) onMessage((JSON.parse(data) as { html: string }).html);
        end = buffer.indexOf("\n\n");
      }
    }
  })();
  await isReady;
  return () => reader.cancel().catch(() => undefined);
}

async function main() {
  const redis = await startTestRedis();
  const h = await startBotHarness({
    redisUrl: redis.url,
    api: { limits: false, historyPerChat: 100 },
    // The bench's operators hold no live queue stream: they stay online for the whole run.
    env: { HANDOFF_PRESENCE_TIMEOUT_SECONDS: "3600" },
  });
  const delivery = await startDelivery(h, redis.url, 2000);
  const server = await createServer(h.deps);
  await server.listen({ host: "127.0.0.1", port: 0 });
  const address = server.server.address();
  const url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  const stops: (() => Promise<unknown>)[] = [];
  try {
    const users = createUserRepository(h.deps.db);
    const operators: { id: number; client: ConsoleClient; csrf: string }[] = [];
    for (let i = 0; i < operatorCount; i++) {
      const email = `op${i}@bench.test`;
      const user = await users.create({
        email,
        password: "operator-pass-1",
        role: "operator",
        displayName: `Оператор${i} Тест`,
      });
      const client = new ConsoleClient(url);
      await client.login(email, "operator-pass-1");
      await h.deps.handoff.presence.set(user.id, "online");
      const { csrf } = await client.page("/console/handoff");
      operators.push({ id: user.id, client, csrf });
    }

    // Parents ask for a person through the bot: consent, skip the question, queued.
    const parents = Array.from({ length: parentCount }, () => h.user("kk"));
    // Set-up in groups of 20 (not measured): the rounds below are what runs at once.
    for (let i = 0; i < parents.length; i += 20)
      await Promise.all(
        parents.slice(i, i + 20).map(async (parent) => {
          parent.sendText("адаммен сөйлескім келеді");
          const start = await parent.waitForMessage(undefined, 60_000);
          parent.pressButton(start, "h:c:n");
          const ask = await parent.waitForMessage((m) => /Сұрағыңызды/.test(m.text ?? ""), 60_000);
          parent.pressButton(ask, "h:s");
          await parent.waitForMessage((m) => /кезектесіз/.test(m.text ?? ""), 60_000);
        }),
      );
    const conversations = new Map<
      number,
      { conversationId: number; operator: (typeof operators)[number] }
    >();
    for (const parent of parents) {
      const open = await h.deps.handoff.openFor("telegram", String(parent.id));
      if (!open) throw new Error("a parent is not queued");
      const operator = operators[conversations.size % operators.length];
      if (!operator) throw new Error("no operator");
      const taken = await h.deps.handoff.take(open.id, { id: operator.id, role: "operator" });
      if (!taken) throw new Error("take failed");
      conversations.set(parent.id, { conversationId: open.id, operator });
    }
    await sleep(1500);

    // One event stream per conversation, signed in as its operator.
    const seenByOperators = new Map<string, number>();
    const sentAt = new Map<string, number>();
    const toOperator: number[] = [];
    for (const parent of parents) {
      const { conversationId, operator } = conversations.get(parent.id) ?? {};
      if (!conversationId || !operator) continue;
      const stop = await watch(
        operator.client,
        `/console/handoff/events?conversation=${conversationId}`,
        (html) => {
          const marker = /p-\d+-\d+/.exec(html)?.[0];
          if (!marker) return;
          seenByOperators.set(marker, (seenByOperators.get(marker) ?? 0) + 1);
          const at = sentAt.get(marker);
          if (at !== undefined && seenByOperators.get(marker) === 1)
            toOperator.push(performance.now() - at);
        },
      );
      stops.push(async () => stop());
    }

    const seenByParents = new Map<string, number>();
    const answeredAt = new Map<string, number>();
    const toParent: number[] = [];
    // Every message into a parent's chat during the rounds, for the per-chat rate below (the
    // set-up's replies to button presses come before and are not the delivery worker's).
    const arrivals = new Map<number, number[]>();
    let measuring = false;
    h.api.onBotMessage((chat, message: Message, kind) => {
      if (kind !== "message") return;
      if (measuring) arrivals.set(chat, [...(arrivals.get(chat) ?? []), performance.now()]);
      const marker = /o-\d+-\d+/.exec(message.text ?? "")?.[0];
      if (!marker) return;
      seenByParents.set(marker, (seenByParents.get(marker) ?? 0) + 1);
      const at = answeredAt.get(marker);
      if (at !== undefined && seenByParents.get(marker) === 1)
        toParent.push(performance.now() - at);
    });

    const profiler = values["cpu-prof"] ? new Session() : undefined;
    if (profiler) {
      profiler.connect();
      await profiler.post("Profiler.enable");
      await profiler.post("Profiler.start");
    }
    const started = performance.now();
    const cpuAtStart = process.cpuUsage();
    measuring = true;
    for (let round = 0; round < rounds; round++) {
      const roundStart = performance.now();
      for (const parent of parents) {
        const marker = `p-${parent.id}-${round}`;
        sentAt.set(marker, performance.now());
        parent.sendText(`Сұрақ ${marker}`);
      }
      await Promise.all(
        parents.map(async (parent) => {
          const { conversationId, operator } = conversations.get(parent.id) ?? {};
          if (!conversationId || !operator) return;
          const marker = `o-${parent.id}-${round}`;
          answeredAt.set(marker, performance.now());
          const response = await operator.client.post(
            `/console/handoff/${conversationId}/messages`,
            { text: `Жауап ${marker}`, _csrf: operator.csrf },
            { accept: "application/json" },
          );
          if (response.status !== 200) throw new Error(`reply refused: ${response.status}`);
          await response.arrayBuffer();
        }),
      );
      const left = 1100 - (performance.now() - roundStart);
      if (left > 0) await sleep(left);
    }
    // Everything sent must arrive: wait up to 20 s for stragglers, then count.
    const expected = parentCount * rounds;
    for (
      let waited = 0;
      waited < 20_000 && (seenByOperators.size < expected || seenByParents.size < expected);
      waited += 100
    )
      await sleep(100);
    const elapsed = (performance.now() - started) / 1000;
    // CPU of this one process (bot, console, worker, Bot API server, clients): comparable across
    // runs on a loaded machine, where wall-clock latency is not.
    const cpu = process.cpuUsage(cpuAtStart);
    if (profiler && values["cpu-prof"]) {
      const { profile } = await profiler.post("Profiler.stop");
      await writeFile(values["cpu-prof"], JSON.stringify(profile));
      profiler.disconnect();
    }
    const cpuMsPerMessage = (cpu.user + cpu.system) / 1000 / (2 * parentCount * rounds);

    const duplicated = (seen: Map<string, number>) =>
      [...seen.values()].filter((n) => n > 1).length;
    // Most messages one chat received within any 1,000 ms (the Bot API server's own meter).
    const perSecond = (times: number[]) => {
      let most = 0;
      for (let i = 0, j = 0; i < times.length; i++) {
        while ((times[i] as number) - (times[j] as number) >= 1000) j++;
        most = Math.max(most, i - j + 1);
      }
      return most;
    };
    const maxPerChat = Math.max(...[...arrivals.values()].map(perSecond));
    const ms = (n: number) => `${n.toFixed(0)} ms`;
    console.log(
      [
        `handoff bench: ${parentCount} parents, ${operatorCount} operators, ${rounds} rounds, ${elapsed.toFixed(1)} s, load ${os.loadavg()[0]?.toFixed(1)} on ${os.cpus().length} cores`,
        `parent → operator screen (bot → SQLite → Redis pub/sub → SSE): p50 ${ms(percentile(toOperator, 50))}, p99 ${ms(percentile(toOperator, 99))} (${toOperator.length} messages)`,
        `operator → parent chat (HTTP → SQLite → Bot API, BullMQ as fallback): p50 ${ms(percentile(toParent, 50))}, p99 ${ms(percentile(toParent, 99))} (${toParent.length} messages)`,
        `lost: parent→operator ${expected - seenByOperators.size}, operator→parent ${expected - seenByParents.size}; duplicated: ${duplicated(seenByOperators)} / ${duplicated(seenByParents)}`,
        `most messages to one chat within a second during the rounds: ${maxPerChat}`,
        `CPU of the process during the rounds: ${cpuMsPerMessage.toFixed(2)} ms per message (both directions)`,
      ].join("\n"),
    );
  } finally {
    for (const stop of stops) await stop();
    await server.close();
    await delivery.close();
    await h.close();
    await redis.stop();
  }
}

await main();
process.exit(0);
