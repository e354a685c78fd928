import { Job, Queue, QueueEvents } from "bullmq";
import type { Config } from "../config.ts";
import type { Db } from "../db/database.ts";
import { createWorkerConnection, type Redis } from "../infra/redis.ts";
import type { Logger } from "../logger.ts";
import { parseApplicationId } from "./id.ts";
import { admit, giveBack, hit } from "./rate-limit.ts";
import {
  consentDecision,
  getApplication,
  isLinked,
  linkTelegramUser,
  type OwnershipProof,
  proofMatches,
  recordConsent,
} from "./registry.ts";
import type { LookupResult } from "./status.ts";

export const STATUS_LOOKUP_QUEUE = "status-lookup";

/** Who asks: a parent in the bot or an operator in the console/CLI. */
export type Requester =
  | { kind: "telegram"; userId: string | number; language?: string }
  | { kind: "operator"; operatorId: string | number };

export interface LookupRequest {
  /** What the person typed; validated and normalised here. */
  applicationId: string;
  requester: Requester;
  /** The applicant's own phone (bot: from the contact button, `contact.user_id === from.id`) or the receipt PIN. */
  proof?: OwnershipProof;
}

/** A lookup job's data: IDs only, never a phone, a PIN or a name. */
export interface LookupJobData {
  applicationId: string;
  /** `telegram:<id>` | `operator:<id>` */
  requester: string;
  view: "coarse" | "detailed";
}

export type LookupRequestOutcome =
  | {
      ok: true;
      jobId: string;
      view: "coarse" | "detailed";
      /** Set when a proof was given: whether it matched (a wrong proof and an unknown ID look alike). */
      proof?: "accepted" | "rejected";
    }
  | { ok: false; reason: "malformed_id"; detail: "length" | "characters" | "checksum" }
  | { ok: false; reason: "consent_required" | "consent_refused" }
  | { ok: false; reason: "rate_limited"; retryAfterSeconds: number };

/** What waiting for a lookup gives: the result, or "pending" when it is still running. */
export type LookupAnswer = LookupResult | { outcome: "pending" };

export interface StatusLookups {
  requestLookup(request: LookupRequest): Promise<LookupRequestOutcome>;
  /** Resolves with the result, `unavailable` when every attempt failed, or `pending` on timeout. */
  waitForResult(jobId: string, timeoutMs: number): Promise<LookupAnswer>;
  /** Records the consent decision with its timestamp; returns the timestamp. */
  recordConsent(telegramUserId: string | number, decision: "granted" | "refused"): Promise<string>;
  consentDecision(telegramUserId: string | number): Promise<"granted" | "refused" | undefined>;
  queue: Queue<LookupJobData, LookupResult>;
  /** Redis key prefix of this instance (BullMQ prefix; status keys live under it too). */
  prefix: string;
  close(): Promise<void>;
}

export interface StatusLookupsOptions {
  db: Db;
  /** Fail-fast client connection (producers). */
  redis: Redis;
  redisUrl: string;
  config: Config;
  logger: Logger;
  /** BullMQ and key prefix; tests pass a unique one. */
  prefix?: string;
  /** Attempts per lookup job (first + retries), exponential backoff from `backoffMs`. */
  attempts?: number;
  backoffMs?: number;
  /** Request→answer latency (Prometheus histogram `qoldau_status_lookup_duration_seconds`). */
  latency?: { observe(labels: { channel: string; outcome: string }, seconds: number): void };
}

const requesterKey = (requester: Requester) =>
  requester.kind === "telegram"
    ? `telegram:${requester.userId}`
    : `operator:${requester.operatorId}`;

/** Redis keys shared by the producer side and the worker. */
export function statusKeys(prefix: string) {
  return {
    cache: (applicationId: string) => `${prefix}:status:cache:${applicationId}`,
    userRate: (requester: string) => `${prefix}:status:rate:user:${requester}`,
    idRate: (applicationId: string) => `${prefix}:status:rate:id:${applicationId}`,
    misses: (requester: string) => `${prefix}:status:misses:${requester}`,
    /** Wrong proofs per ID, by method: a stranger's PIN guesses do not lock the phone proof. */
    proofFailures: (applicationId: string, method: "pin" | "phone" = "pin") =>
      `${prefix}:status:proof-failures:${method}:${applicationId}`,
    /** Wrong proofs per requester, over all IDs. */
    proofFailuresBy: (requester: string) => `${prefix}:status:proof-failures-by:${requester}`,
  };
}

/**
 * The status service the bot, the console and the CLI call: they add a job and return at once,
 * then wait for (or subscribe to) the answer.
 */
export function createStatusLookups(options: StatusLookupsOptions): StatusLookups {
  const { db, redis, config, logger } = options;
  const prefix = options.prefix ?? "bull";
  const keys = statusKeys(prefix);
  const secret = config.PHONE_HASH_SECRET;
  const queue = new Queue<LookupJobData, LookupResult>(STATUS_LOOKUP_QUEUE, {
    connection: redis,
    prefix,
    defaultJobOptions: {
      attempts: options.attempts ?? 3,
      backoff: { type: "exponential", delay: options.backoffMs ?? 250 },
      // The answer must outlive the waiter's wait; then it goes (no personal data kept around).
      removeOnComplete: { age: 300, count: 50_000 },
      removeOnFail: { age: 3600, count: 10_000 },
    },
  });
  queue.on("error", (error) => logger.warn({ err: error.message }, "status-lookup queue error"));
  // Waiters: resolved by QueueEvents, with a slow poll as the safety net for events missed
  // while Redis was away.
  const waiters = new Map<string, Set<(answer: LookupAnswer) => void>>();
  /** When each job was last checked by hand; only slow ones are polled, once a second. */
  const lastChecked = new Map<string, number>();
  /** When each job was requested and by which channel, for the latency histogram. */
  const requestedAt = new Map<string, { channel: string; at: number }>();
  let events: QueueEvents | undefined;
  let eventsConnection: Redis | undefined;
  let poller: NodeJS.Timeout | undefined;

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
    const set = waiters.get(jobId);
    if (!set) return;
    waiters.delete(jobId);
    lastChecked.delete(jobId);
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
    lastChecked.set(jobId, Date.now());
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

  function listen() {
    eventsConnection = createWorkerConnection(options.redisUrl, logger);
    events = new QueueEvents(STATUS_LOOKUP_QUEUE, { connection: eventsConnection, prefix });
    events.on("error", (error) =>
      logger.warn({ err: error.message }, "status-lookup events error"),
    );
    // The event carries the answer: no extra round trip for the common case.
    events.on("completed", ({ jobId, returnvalue }) => {
      const answer = returnvalue as unknown as LookupResult | undefined;
      if (answer && typeof answer === "object" && "outcome" in answer) settle(jobId, answer);
      else void check(jobId);
    });
    events.on("failed", ({ jobId }) => void check(jobId));
    poller = setInterval(() => {
      const now = Date.now();
      // Requests nobody waited for leave no trace after ten minutes.
      for (const [jobId, requested] of requestedAt) {
        if (now - requested.at > 600_000) requestedAt.delete(jobId);
      }
      for (const jobId of waiters.keys()) {
        if (now - (lastChecked.get(jobId) ?? now) >= 1000) void check(jobId);
      }
    }, 250);
    poller.unref();
  }
  // Listening from the start, so the first completions are not missed.
  listen();

  async function requestLookup(request: LookupRequest): Promise<LookupRequestOutcome> {
    const parsed = parseApplicationId(request.applicationId);
    if (!parsed.ok) return { ok: false, reason: "malformed_id", detail: parsed.reason };
    const applicationId = parsed.id;
    const who = requesterKey(request.requester);

    if (request.requester.kind === "telegram") {
      const decision = await consentDecision(db, who);
      if (decision !== "granted") {
        return {
          ok: false,
          reason: decision === "refused" ? "consent_refused" : "consent_required",
        };
      }
    }

    // Operators look up many IDs for many callers; parents look up their own few.
    const scale = request.requester.kind === "operator" ? 10 : 1;
    const application = await getApplication(db, applicationId);
    const wait = await admit(
      redis,
      { misses: keys.misses(who), user: keys.userRate(who), id: keys.idRate(applicationId) },
      {
        misses: config.STATUS_UNKNOWN_IDS_PER_HOUR * scale,
        user: config.STATUS_USER_LOOKUPS_PER_MINUTE * scale,
        id: config.STATUS_ID_LOOKUPS_PER_MINUTE,
      },
      application === undefined,
    );
    if (wait > 0) return { ok: false, reason: "rate_limited", retryAfterSeconds: wait };

    let view: "coarse" | "detailed" = "coarse";
    let proof: "accepted" | "rejected" | undefined;
    if (request.proof) {
      // Every proof is counted before it is checked (parallel guesses cannot overtake the
      // count) and given back when right: per ID and method, so a receipt PIN cannot be
      // guessed, and per requester over all IDs. Past a cap even the right proof is refused
      // for the hour, and the answer looks the same. A phone from the Telegram contact button
      // is the owner's own (the bot checks contact.user_id), so strangers' wrong PINs never
      // lock it out.
      const method = "phone" in request.proof ? "phone" : "pin";
      const ownContact = method === "phone" && request.requester.kind === "telegram";
      const limit = config.STATUS_PROOF_FAILURES_PER_HOUR;
      const counted = [
        ...(ownContact ? [] : [{ key: keys.proofFailures(applicationId, method), limit }]),
        { key: keys.proofFailuresBy(who), limit: limit * scale },
      ];
      const hits = await Promise.all(counted.map((c) => hit(redis, c.key, c.limit, 3600)));
      const matches =
        hits.every((h) => h.allowed) && proofMatches(secret, application, request.proof);
      if (matches) await Promise.all(counted.map((c) => giveBack(redis, c.key)));
      proof = matches ? "accepted" : "rejected";
      if (matches) {
        view = "detailed";
        if (request.requester.kind === "telegram") {
          await linkTelegramUser(db, {
            applicationId,
            userId: String(request.requester.userId),
            method: "phone" in request.proof ? "contact" : "pin",
            language: request.requester.language ?? "kk",
          });
        }
      }
    } else if (request.requester.kind === "telegram") {
      if (await isLinked(db, applicationId, String(request.requester.userId))) view = "detailed";
    }

    const job = await queue.add(
      "lookup",
      { applicationId, requester: who, view },
      { deduplication: { id: `${applicationId}|${who}|${view}` } },
    );
    if (options.latency && job.id) {
      requestedAt.set(job.id, { channel: request.requester.kind, at: Date.now() });
    }
    return { ok: true, jobId: job.id as string, view, ...(proof ? { proof } : {}) };
  }

  function waitForResult(jobId: string, timeoutMs: number): Promise<LookupAnswer> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        const set = waiters.get(jobId);
        set?.delete(done);
        if (set?.size === 0) {
          waiters.delete(jobId);
          lastChecked.delete(jobId);
        }
        resolve({ outcome: "pending" });
      }, timeoutMs);
      const done = (answer: LookupAnswer) => {
        clearTimeout(timer);
        resolve(answer);
      };
      const set = waiters.get(jobId) ?? new Set();
      set.add(done);
      waiters.set(jobId, set);
      void check(jobId);
    });
  }

  return {
    requestLookup,
    waitForResult,
    recordConsent: (userId, decision) => recordConsent(db, `telegram:${userId}`, decision),
    consentDecision: (userId) => consentDecision(db, `telegram:${userId}`),
    queue,
    prefix,
    async close() {
      if (poller) clearInterval(poller);
      for (const jobId of [...waiters.keys()]) settle(jobId, { outcome: "pending" });
      await events?.close();
      eventsConnection?.disconnect();
      await queue.close();
    },
  };
}
