import type { Db } from "../db/database.ts";
import type { Redis } from "../infra/redis.ts";
import type { Catalogue } from "../knowledge/catalogue.ts";
import type { Logger } from "../logger.ts";
import { parseApplicationId } from "./id.ts";
import {
  type Application,
  listApplications,
  moveStage,
  noticeJobId,
  type StageChange,
  type StageChangeResult,
  type StageRules,
} from "./registry.ts";
import { statusKeys } from "./status-keys.ts";

/** A stage-change notice to send: IDs and the parent's language, never a phone or a name. */
export interface NotifyJobData {
  stageEventId: number;
  applicationId: string;
  userId: string;
  language: string;
}

/**
 * What schools (console, provider API, CSV import) and information systems do to the registry:
 * list a provider's applications and move their stages. Lookups (`lookups.ts`) only read.
 */
export interface RegistryOperations {
  /** For the school console: the provider's applications, nearest deadline first. */
  listApplications(providerId: string): Promise<Application[]>;
  /** Moves a stage (audited), drops the cached status and queues one notice per linked parent. */
  moveStage(change: StageChange): Promise<StageChangeResult>;
}

export interface RegistryOperationsOptions {
  db: Db;
  logger: Logger;
  /** Refusal grounds per service from the current catalogue, for the stage machine. */
  stageRules: StageRules;
  /** Fail-fast client connection: the cached status is dropped through it. */
  redis: Redis;
  /** The status key prefix (the lookups' BullMQ prefix): the cached status lives under it. */
  prefix: string;
  /** The `status-notify` queue, on a client connection (the app's producer side). */
  notifyQueue: {
    addBulk(
      jobs: { name: string; data: NotifyJobData; opts: { jobId: string } }[],
    ): Promise<unknown>;
  };
}

/** The stage machine's rules from whichever catalogue is current when a stage moves. */
export function stageRulesOf(catalogue: () => Catalogue): StageRules {
  return {
    refusalGrounds: (serviceId) => catalogue().getService(serviceId)?.refusalGrounds.length,
  };
}

export function createRegistryOperations(options: RegistryOperationsOptions): RegistryOperations {
  const { db, redis, notifyQueue } = options;
  const keys = statusKeys(options.prefix);
  return {
    listApplications: (providerId) => listApplications(db, providerId),
    async moveStage(change) {
      const parsed = parseApplicationId(change.applicationId);
      if (!parsed.ok) return { changed: false, reason: "unknown_application" };
      const result = await moveStage(
        db,
        { ...change, applicationId: parsed.id },
        options.stageRules,
      );
      if (result.changed) {
        // The change is committed: it stands even if Redis is away now. The cached status
        // expires on its own, and the outbox sweep queues any notice that could not be.
        try {
          await redis.del(keys.cache(parsed.id));
          // The job ID is the idempotency key: a replayed change queues nothing new.
          await notifyQueue.addBulk(
            result.recipients.map((recipient) => ({
              name: "stage-changed",
              data: {
                stageEventId: result.eventId,
                applicationId: parsed.id,
                userId: recipient.userId,
                language: recipient.language,
              },
              opts: { jobId: noticeJobId(result.eventId, recipient.userId) },
            })),
          );
        } catch (error) {
          options.logger.warn(
            { err: (error as Error).message, eventId: result.eventId },
            "stage change saved; its notices wait for the outbox sweep",
          );
        }
      }
      return result;
    },
  };
}
