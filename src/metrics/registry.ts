import type { Queue } from "bullmq";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

/**
 * The BullMQ queues that exist in this process. Whoever creates a queue adds it here, so that
 * `/metrics` reports its depth and the admins' bull-board shows it.
 */
export interface QueueRegistry {
  add(queue: Queue): void;
  list(): Queue[];
}

export function createQueueRegistry(): QueueRegistry {
  const queues = new Map<string, Queue>();
  return {
    add: (queue) => {
      queues.set(queue.name, queue);
    },
    list: () => [...queues.values()],
  };
}

/** One Prometheus registry per app (not prom-client's global one, so tests can start several apps). */
export function createMetrics(queues: QueueRegistry) {
  const registry = new Registry();
  registry.setDefaultLabels({ app: "qoldau" });
  collectDefaultMetrics({ register: registry });

  const answerLatency = new Histogram({
    name: "qoldau_answer_duration_seconds",
    help: "Time to answer a question (search and answer composition)",
    labelNames: ["channel", "lang"] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const lookupLatency = new Histogram({
    name: "qoldau_status_lookup_duration_seconds",
    help: "Time from a status lookup request to its answer",
    labelNames: ["channel", "outcome"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
    registers: [registry],
  });
  const botUpdates = new Counter({
    name: "qoldau_bot_updates_total",
    help: "Telegram updates handled by the bot",
    labelNames: ["type"] as const,
    registers: [registry],
  });
  const consoleRequests = new Histogram({
    name: "qoldau_console_request_duration_seconds",
    help: "Console requests from arrival to response, inside the server",
    labelNames: ["route", "method", "status"] as const,
    buckets: [0.0005, 0.001, 0.002, 0.004, 0.008, 0.015, 0.03, 0.06, 0.125, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const consoleLogins = new Counter({
    name: "qoldau_console_logins_total",
    help: "Console sign-in attempts",
    labelNames: ["outcome"] as const,
    registers: [registry],
  });
  new Gauge({
    name: "qoldau_queue_jobs",
    help: "BullMQ jobs per queue and state",
    labelNames: ["queue", "state"] as const,
    registers: [registry],
    async collect() {
      this.reset();
      await Promise.all(
        queues.list().map(async (queue) => {
          try {
            const counts = await queue.getJobCounts(
              "waiting",
              "active",
              "delayed",
              "failed",
              "completed",
              "prioritized",
            );
            for (const [state, count] of Object.entries(counts))
              this.set({ queue: queue.name, state }, count);
          } catch {
            // An unreachable Redis must not break the whole scrape; the gauge is simply absent.
          }
        }),
      );
    },
  });

  return { registry, answerLatency, lookupLatency, botUpdates, consoleLogins, consoleRequests };
}
export type Metrics = ReturnType<typeof createMetrics>;
