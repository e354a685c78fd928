import { Queue } from "bullmq";
import { z } from "zod";
import type { Redis } from "../infra/redis.ts";

export const campaignQueueName = "broadcast-campaign";
export const sendQueueName = "broadcast-send";

/**
 * The broadcast queues' contract, shared by the producer (campaigns, the console) and the
 * workers (`src/workers/broadcast-*.ts`): names, job data and factories. It sits with the domain
 * because the workers import the domain, never the other way round.
 * Job data carry IDs only: texts and chat details stay in SQLite.
 */
export const startJobDataSchema = z.object({
  /** 0 for the scheduler's jobs (`reminders`, `reconcile`), which name no campaign. */
  campaignId: z.number().int().nonnegative(),
  /** Re-hand every unsent recipient to the queue (after Redis lost its data), not only after the cursor. */
  fromStart: z.boolean().optional(),
});
export type StartJobData = z.infer<typeof startJobDataSchema>;

export const sendJobDataSchema = z.object({
  campaignId: z.number().int().positive(),
  chatId: z.number().int(),
});
export type SendJobData = z.infer<typeof sendJobDataSchema>;

/** One job per campaign and parent: adding it again while it exists is a no-op. */
export function sendJobId(campaignId: number, chatId: number): string {
  return `c${campaignId}-${chatId}`;
}

export function startJobId(campaignId: number): string {
  return `start-${campaignId}`;
}

export function createCampaignQueue(connection: Redis, prefix?: string): Queue<StartJobData> {
  return new Queue<StartJobData>(campaignQueueName, {
    connection,
    ...(prefix ? { prefix } : {}),
    defaultJobOptions: {
      attempts: 20,
      backoff: { type: "exponential", delay: 1000 },
      removeOnComplete: true,
      removeOnFail: { age: 7 * 24 * 3600 },
    },
  });
}

export function createSendQueue(
  connection: Redis,
  prefix?: string,
  retry: { attempts?: number; backoffMs?: number } = {},
): Queue<SendJobData> {
  return new Queue<SendJobData>(sendQueueName, {
    connection,
    ...(prefix ? { prefix } : {}),
    defaultJobOptions: {
      attempts: retry.attempts ?? 8,
      backoff: { type: "exponential", delay: retry.backoffMs ?? 1000 },
      removeOnComplete: true,
      removeOnFail: { age: 7 * 24 * 3600 },
    },
  });
}

/** Asks the campaign worker to start the campaign at `scheduledAt` (a delayed job). */
export async function scheduleCampaignStart(
  queue: Queue<StartJobData>,
  campaign: { id: number; scheduled_at: string },
  now = new Date(),
): Promise<void> {
  const delay = Math.max(0, Date.parse(campaign.scheduled_at) - now.getTime());
  await queue.add("start", { campaignId: campaign.id }, { jobId: startJobId(campaign.id), delay });
}
