import type { Queue } from "bullmq";
import type { Config } from "../config.ts";
import type { Db } from "../db/database.ts";
import { queuePrefix, type Redis } from "../infra/redis.ts";
import type { Logger } from "../logger.ts";
import { parseApplicationId } from "./id.ts";
import { createStatusLookupQueue, type LookupJobData } from "./lookup-queue.ts";
import { createLookupWaiters, type LookupAnswer, type LookupLatency } from "./lookup-waiters.ts";
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
import { statusKeys } from "./status-keys.ts";

export type { LookupAnswer } from "./lookup-waiters.ts";

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
  latency?: LookupLatency;
}

const requesterKey = (requester: Requester) =>
  requester.kind === "telegram"
    ? `telegram:${requester.userId}`
    : `operator:${requester.operatorId}`;

/**
 * The status service the bot, the console and the CLI call: they add a job and return at once,
 * then wait for (or subscribe to) the answer. Checks before the job (ID format, consent, rate
 * limits, ownership proof) are here; waiting is `lookup-waiters.ts`; the queue `lookup-queue.ts`.
 */
export function createStatusLookups(options: StatusLookupsOptions): StatusLookups {
  const { db, redis, config, logger } = options;
  const prefix = queuePrefix(options.redisUrl, options.prefix);
  const keys = statusKeys(prefix);
  const secret = config.PHONE_HASH_SECRET;
  const queue = createStatusLookupQueue(redis, prefix, {
    ...(options.attempts !== undefined ? { attempts: options.attempts } : {}),
    ...(options.backoffMs !== undefined ? { backoffMs: options.backoffMs } : {}),
  });
  queue.on("error", (error) => logger.warn({ err: error.message }, "status-lookup queue error"));
  const waiters = createLookupWaiters({
    queue,
    redisUrl: options.redisUrl,
    prefix,
    logger,
    ...(options.latency ? { latency: options.latency } : {}),
  });

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
    if (job.id) waiters.requested(job.id, request.requester.kind);
    return { ok: true, jobId: job.id as string, view, ...(proof ? { proof } : {}) };
  }

  return {
    requestLookup,
    waitForResult: waiters.waitForResult,
    recordConsent: (userId, decision) => recordConsent(db, `telegram:${userId}`, decision),
    consentDecision: (userId) => consentDecision(db, `telegram:${userId}`),
    queue,
    prefix,
    async close() {
      await waiters.close();
      await queue.close();
    },
  };
}
