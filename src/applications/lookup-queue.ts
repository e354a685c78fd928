import { Queue } from "bullmq";
import { z } from "zod";
import type { Redis } from "../infra/redis.ts";
import type { LookupResult } from "./status.ts";

/**
 * The `status-lookup` queue's contract: its name, its job data and its factory. The producer
 * (`lookups.ts`) and the worker (`src/workers/status-lookup.ts`) both build on this module; it
 * sits with the domain because the worker imports the domain, never the other way round.
 */
export const STATUS_LOOKUP_QUEUE = "status-lookup";

/** A lookup job's data: IDs only, never a phone, a PIN or a name. */
export const lookupJobDataSchema = z.object({
  applicationId: z.string().regex(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/),
  /** `telegram:<id>` | `operator:<id>` */
  requester: z.string().regex(/^(telegram|operator):[\w-]+$/),
  view: z.enum(["coarse", "detailed"]),
});
export type LookupJobData = z.infer<typeof lookupJobDataSchema>;

/** The producer's queue: attempts with exponential backoff; answers kept only as long as a wait. */
export function createStatusLookupQueue(
  connection: Redis,
  prefix: string,
  retry: { attempts?: number; backoffMs?: number } = {},
): Queue<LookupJobData, LookupResult> {
  return new Queue<LookupJobData, LookupResult>(STATUS_LOOKUP_QUEUE, {
    connection,
    prefix,
    defaultJobOptions: {
      attempts: retry.attempts ?? 3,
      backoff: { type: "exponential", delay: retry.backoffMs ?? 250 },
      // The answer must outlive the waiter's wait; then it goes (no personal data kept around).
      removeOnComplete: { age: 300, count: 50_000 },
      removeOnFail: { age: 3600, count: 10_000 },
    },
  });
}
