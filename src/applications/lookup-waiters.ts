import { Job, type Queue, QueueEvents } from "bullmq";
import { createWorkerConnection, type Redis } from "../infra/redis.ts";
import type { Logger } from "../logger.ts";
import { type LookupJobData, STATUS_LOOKUP_QUEUE } from "./lookup-queue.ts";
import type { LookupResult } from "./status.ts";

/** What waiting for a lookup gives: the result, or "pending" when it is still running. */
export type LookupAnswer = LookupResult | { outcome: "pending" };

/** Request→answer latency (Prometheus histogram `qoldau_status_lookup_duration_seconds`). */
export interface LookupLatency {
  observe(labels: { channel: string; outcome: string }, seconds: number): void;
}

export interface LookupWaiters {
  /** Starts the latency clock of a job just added. */
  requested(jobId: string, channel: string): void;
  /** Resolves with the result, `unavailable` when every attempt failed, or `pending` on timeout. */
  waitForResult(jobId: string, timeoutMs: number): Promise<LookupAnswer>;
  close(): Promise<void>;
}

/**
 * A wait re-reads its job's state this long after it began without an answer, then twice as
 * long each time up to the longest pause: the safety net stays, but when the system is slow and
 * many wait, the waits do not add a read a second each to the load that made them slow.
 */
const RECHECK_FIRST_MS = 1000;
const RECHECK_LONGEST_MS = 4000;
/** Latency clocks kept for jobs whose end was never heard (events missed during an outage). */
const MAX_CLOCKS = 10_000;
/** Answers kept for a wait that starts after its job's answer was heard: a few seconds' worth. */
const MAX_HEARD = 5000;

/**
 * Waiting for lookup answers: resolved by the queue's events (the `completed` event carries the
 * answer), with each wait re-reading its job's state 1 s after it began, 2 s later, then every
 * 4 s, as the safety net for events missed while Redis was away. Answers heard are kept a
 * little while, so a wait that starts late (the bot's second wait, two requests folded into one
 * job) finds its answer without asking Redis; a wait asks Redis at once only until the first
 * event has been heard, because until then an answer may have come before the listener did.
 * The re-read is not a periodic job (it lives only while someone waits, in the process that
 * waits), so it is a timer of the wait and not a job scheduler.
 */
export function createLookupWaiters(options: {
  queue: Queue<LookupJobData, LookupResult>;
  redisUrl: string;
  prefix: string;
  logger: Logger;
  latency?: LookupLatency;
}): LookupWaiters {
  const { queue, logger } = options;
  const waiters = new Map<string, Set<(answer: LookupAnswer) => void>>();
  /** When each job was requested and by which channel, for the latency histogram. */
  const requestedAt = new Map<string, { channel: string; at: number }>();
  /** Answers heard, by job ID (IDs are never reused), oldest first. */
  const heard = new Map<string, LookupResult>();
  /** Set once the events stream has delivered anything: from then on no answer slips past. */
  let listening = false;

  async function settledAnswer(jobId: string): Promise<LookupAnswer | undefined> {
    // State first: the return value is written in the same step that completes the job, so a
    // job read before its state could be an older, still-active copy.
    const state = await queue.getJobState(jobId);
    if (state === "completed") {
      const job = await Job.fromId<LookupJobData, LookupResult>(queue, jobId);
      return job?.returnvalue ?? { outcome: "unavailable" };
    }
    if (state === "failed" || state === "unknown") return { outcome: "unavailable" };
    return undefined;
  }

  function settle(jobId: string, answer: LookupAnswer) {
    if (answer.outcome !== "pending") {
      heard.set(jobId, answer);
      if (heard.size > MAX_HEARD) {
        const oldest = heard.keys().next().value;
        if (oldest !== undefined) heard.delete(oldest);
      }
    }
    const set = waiters.get(jobId);
    if (!set) {
      // Nobody waits (any more): the clock of a request nobody waited for stops here.
      if (answer.outcome !== "pending") requestedAt.delete(jobId);
      return;
    }
    waiters.delete(jobId);
    const requested = requestedAt.get(jobId);
    if (requested) {
      requestedAt.delete(jobId);
      options.latency?.observe(
        { channel: requested.channel, outcome: answer.outcome },
        (Date.now() - requested.at) / 1000,
      );
    }
    for (const resolve of set) resolve(answer);
  }

  async function check(jobId: string) {
    if (!waiters.has(jobId)) return;
    try {
      const answer = await settledAnswer(jobId);
      if (answer) settle(jobId, answer);
    } catch (error) {
      logger.debug(
        { err: (error as Error).message, jobId },
        "status answer check failed; will retry",
      );
    }
  }

  // Listening from the start, so the first completions are not missed.
  const eventsConnection: Redis = createWorkerConnection(options.redisUrl, logger);
  const events = new QueueEvents(STATUS_LOOKUP_QUEUE, {
    connection: eventsConnection,
    prefix: options.prefix,
  });
  events.on("error", (error) => logger.warn({ err: error.message }, "status-lookup events error"));
  // Every job's life writes several events (added, waiting, active, …): the first one heard
  // says the stream is being read.
  events.once("added", () => {
    listening = true;
  });
  // The event carries the answer: no extra round trip for the common case.
  events.on("completed", ({ jobId, returnvalue }) => {
    listening = true;
    const answer = returnvalue as unknown as LookupResult | undefined;
    if (answer && typeof answer === "object" && "outcome" in answer) settle(jobId, answer);
    else if (waiters.has(jobId)) void check(jobId);
    else requestedAt.delete(jobId);
  });
  events.on("failed", ({ jobId }) => {
    if (waiters.has(jobId)) void check(jobId);
    else requestedAt.delete(jobId);
  });

  return {
    requested(jobId, channel) {
      if (!options.latency) return;
      // A Map iterates in insertion order: the oldest clock goes first.
      if (requestedAt.size >= MAX_CLOCKS) {
        const oldest = requestedAt.keys().next().value;
        if (oldest !== undefined) requestedAt.delete(oldest);
      }
      requestedAt.set(jobId, { channel, at: Date.now() });
    },
    waitForResult(jobId, timeoutMs) {
      const known = heard.get(jobId);
      if (known) return Promise.resolve(known);
      return new Promise((resolve) => {
        let recheck: ReturnType<typeof setTimeout> | undefined;
        const scheduleRecheck = (pause: number) => {
          recheck = setTimeout(() => {
            scheduleRecheck(Math.min(pause * 2, RECHECK_LONGEST_MS));
            void check(jobId);
          }, pause);
        };
        scheduleRecheck(RECHECK_FIRST_MS);
        const timer = setTimeout(() => {
          clearTimeout(recheck);
          const set = waiters.get(jobId);
          set?.delete(done);
          if (set?.size === 0) waiters.delete(jobId);
          resolve({ outcome: "pending" });
        }, timeoutMs);
        const done = (answer: LookupAnswer) => {
          clearTimeout(timer);
          clearTimeout(recheck);
          resolve(answer);
        };
        const set = waiters.get(jobId) ?? new Set();
        set.add(done);
        waiters.set(jobId, set);
        if (!listening) void check(jobId);
      });
    },
    async close() {
      for (const jobId of [...waiters.keys()]) settle(jobId, { outcome: "pending" });
      await events.close();
      eventsConnection.disconnect();
    },
  };
}
