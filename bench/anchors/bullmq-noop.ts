/**
 * Anchor for `bench:status`: BullMQ jobs that do nothing, with the options of the status-lookup
 * queue (`src/applications/lookup-queue.ts`: 3 attempts, exponential back-off, removal of finished
 * jobs, a de-duplication id per request) and of its worker (`src/workers/status-lookup.ts`:
 * concurrency, maxStalledCount, the same connections). The producer waits for each answer
 * through QueueEvents, as a waiting parent or operator does. No registry, no SQLite, no cache,
 * no rate limits: the difference to Qoldau is what a lookup costs beyond the queue.
 */
import { Queue, QueueEvents, Worker } from "bullmq";
import { createClientConnection, createWorkerConnection } from "../../src/infra/redis.ts";

const QUEUE = "noop-lookup";

export function startNoopWorker(redisUrl: string, prefix: string, concurrency: number) {
  const connection = createWorkerConnection(redisUrl);
  const worker = new Worker(QUEUE, async () => ({ outcome: "found" }), {
    connection,
    prefix,
    concurrency,
    maxStalledCount: 2,
  });
  return {
    ready: () => worker.waitUntilReady(),
    async close() {
      await worker.close();
      connection.disconnect();
    },
  };
}

export async function runNoopProducer(
  redisUrl: string,
  prefix: string,
  count: number,
  inFlight: number,
) {
  const redis = createClientConnection(redisUrl);
  const queue = new Queue(QUEUE, {
    connection: redis,
    prefix,
    defaultJobOptions: {
      attempts: 3,
      backoff: { type: "exponential", delay: 250 },
      removeOnComplete: { age: 300, count: 50_000 },
      removeOnFail: { age: 3600, count: 10_000 },
    },
  });
  const eventsConnection = createWorkerConnection(redisUrl);
  const events = new QueueEvents(QUEUE, { connection: eventsConnection, prefix });
  await events.waitUntilReady();
  // One listener per job in flight while it waits (BullMQ's own waitUntilFinished).
  queue.setMaxListeners(inFlight + 10);
  events.setMaxListeners(inFlight + 10);
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < count) {
        const index = next++;
        const t0 = performance.now();
        const job = await queue.add(
          "lookup",
          { index },
          { deduplication: { id: `noop-${index}` } },
        );
        await job.waitUntilFinished(events, 30_000);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await events.close();
  eventsConnection.disconnect();
  await queue.close();
  redis.disconnect();
  latencies.sort((a, b) => a - b);
  const at = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
  return { perSecond: count / seconds, p50ms: at(50), p99ms: at(99) };
}
