import { Queue } from "bullmq";
import type { Redis } from "../infra/redis.ts";

export const campaignQueueName = "broadcast-campaign";
export const sendQueueName = "broadcast-send";

/** Job data carry IDs only: texts and chat details stay in SQLite. */
export interface StartJobData {
  campaignId: number;
  /** Re-hand every unsent recipient to the queue (after Redis lost its data), not only after the cursor. */
  fromStart?: boolean;
}
export interface SendJobData {
  campaignId: number;
  chatId: number;
}

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
