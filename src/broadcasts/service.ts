import type { Queue } from "bullmq";
import type { Db } from "../db/database.ts";
import {
  type Campaign,
  type CampaignActor,
  type CampaignInput,
  cancelCampaign,
  createCampaign,
} from "./campaigns.ts";
import {
  type SendJobData,
  type StartJobData,
  scheduleCampaignStart,
  sendJobId,
  startJobId,
} from "./queues.ts";

/** What the console and the CLI use: campaigns in SQLite plus their jobs in BullMQ. */
export interface BroadcastService {
  /** Records the campaign and schedules its start (now or at `scheduledAt`). */
  create(actor: CampaignActor, input: CampaignInput): Promise<Campaign>;
  /** Cancels it and removes its waiting send jobs so they do not hold the rate limiter. */
  cancel(actor: CampaignActor, campaignId: number): Promise<Campaign | undefined>;
}

export function createBroadcastService(options: {
  db: Db;
  campaignQueue: Queue<StartJobData>;
  sendQueue: Queue<SendJobData>;
  now?: () => Date;
}): BroadcastService {
  const { db, campaignQueue, sendQueue } = options;
  const now = options.now ?? (() => new Date());
  return {
    async create(actor, input) {
      const campaign = await createCampaign(db, actor, input, { now: now() });
      // If Redis is away the campaign stays `scheduled` in SQLite and the reconcile job starts it.
      await scheduleCampaignStart(campaignQueue, campaign, now()).catch(() => undefined);
      return campaign;
    },
    async cancel(actor, campaignId) {
      const campaign = await cancelCampaign(db, actor, campaignId, now());
      await campaignQueue.remove(startJobId(campaignId)).catch(() => 0);
      let cursor = 0;
      for (;;) {
        const page = await db
          .selectFrom("campaign_recipient")
          .select("chat_id")
          .where("campaign_id", "=", campaignId)
          .where("status", "=", "cancelled")
          .where("chat_id", ">", cursor)
          .orderBy("chat_id")
          .limit(500)
          .execute();
        if (page.length === 0) break;
        await Promise.all(
          page.map((r) => sendQueue.remove(sendJobId(campaignId, r.chat_id)).catch(() => 0)),
        );
        cursor = page[page.length - 1]?.chat_id ?? cursor;
      }
      return campaign;
    },
  };
}
