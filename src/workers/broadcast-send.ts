import { DelayedError, type Job, UnrecoverableError, Worker } from "bullmq";
import { renderReminder } from "../bot/render/reminder.ts";
import { claimRecipient, finishIfDone } from "../broadcasts/campaigns.ts";
import type { Translate } from "../broadcasts/message.ts";
import { createSendPacer } from "../broadcasts/pacing.ts";
import { type SendJobData, sendJobDataSchema, sendQueueName } from "../broadcasts/queues.ts";
import { msUntilQuietEnds, type QuietHours } from "../broadcasts/quiet-hours.ts";
import { setSubscriberActive } from "../broadcasts/subscriptions.ts";
import type { TelegramSender } from "../broadcasts/telegram-sender.ts";
import type { Db } from "../db/database.ts";
import type { Redis } from "../infra/redis.ts";
import type { Logger } from "../logger.ts";

export interface SendWorkerOptions {
  db: Db;
  logger: Logger;
  /** A worker connection (`maxRetriesPerRequest: null`). */
  connection: Redis;
  prefix?: string;
  sender: TelegramSender;
  t: Translate;
  /** Global ceiling over all chats and all workers (BullMQ's queue-wide limiter). */
  ratePerSecond: number;
  concurrency: number;
  quietHours?: QuietHours;
  /** During quiet hours the queue re-checks the clock this often (the clock may be injected). */
  quietRecheckMs?: number;
  /** Shortest gap between two messages to one chat. */
  perChatIntervalMs?: number;
  lockDurationMs?: number;
  stalledIntervalMs?: number;
  now?: () => Date;
}

/**
 * Sends one reminder to one parent. SQLite is the source of truth: a recipient that is no
 * longer `pending` is skipped, so a job that runs twice (stalled, re-added after a Redis loss)
 * sends nothing twice.
 */
export function createBroadcastSendWorker(options: SendWorkerOptions): Worker<SendJobData> {
  const { db, logger, connection, sender, t } = options;
  const now = options.now ?? (() => new Date());
  const perChatMs = options.perChatIntervalMs ?? 1100;
  const chatKeyPrefix = `${options.prefix ?? "bull"}:${sendQueueName}:chat:`;
  const pacer = createSendPacer(
    connection,
    `${options.prefix ?? "bull"}:${sendQueueName}:pace`,
    options.ratePerSecond,
  );

  const setStatus = (
    job: SendJobData,
    status: string,
    extra: { error?: string | null; message_id?: number } = {},
  ) =>
    db
      .updateTable("campaign_recipient")
      .set({ status, updated_at: now().toISOString(), ...extra })
      .where("campaign_id", "=", job.campaignId)
      .where("chat_id", "=", job.chatId)
      .execute();

  const process = async (job: Job<SendJobData>, token?: string): Promise<string> => {
    const data = sendJobDataSchema.safeParse(job.data);
    if (!data.success) throw new UnrecoverableError("malformed send job");
    const { campaignId, chatId } = data.data;
    const row = await db
      .selectFrom("campaign_recipient")
      .innerJoin("campaign", "campaign.id", "campaign_recipient.campaign_id")
      .leftJoin("subscriber", "subscriber.chat_id", "campaign_recipient.chat_id")
      .select([
        "campaign_recipient.status",
        "campaign_recipient.attempts",
        "campaign_recipient.language",
        "campaign.status as campaignStatus",
        "campaign.text_kk",
        "campaign.text_ru",
        "subscriber.active",
      ])
      .where("campaign_recipient.campaign_id", "=", campaignId)
      .where("campaign_recipient.chat_id", "=", chatId)
      .executeTakeFirst();
    if (!row) return "unknown";
    if (row.status !== "pending" && row.status !== "sending") return "already-done";
    if (row.active === 0) {
      // Blocked the bot after the audience was recorded (my_chat_member or a 403 elsewhere).
      await setStatus(job.data, "blocked", { error: "inactive" });
      await finishIfDone(db, campaignId, now());
      return "blocked";
    }
    if (row.campaignStatus === "cancelled") {
      await setStatus(job.data, "cancelled");
      return "cancelled";
    }

    const quietMs = msUntilQuietEnds(options.quietHours, now());
    if (quietMs > 0) {
      // Quiet hours hold the whole queue, not job by job: one check per recheck period.
      await worker.rateLimit(Math.min(quietMs, options.quietRecheckMs ?? 60_000));
      throw Worker.RateLimitError();
    }

    // Also waits out a 429's retry_after for jobs that were already active when it came.
    const mark = await pacer.acquire();
    const chatFree = await connection.set(`${chatKeyPrefix}${chatId}`, "1", "PX", perChatMs, "NX");
    if (chatFree !== "OK") {
      await pacer.done(mark);
      await job.moveToDelayed(Date.now() + perChatMs, token);
      throw new DelayedError();
    }

    if (row.status === "sending")
      logger.warn(
        { campaignId, attempt: job.attemptsMade },
        "previous attempt ended mid-request; sending again",
      );
    const claimed = await claimRecipient(
      db,
      { campaignId, chatId, status: row.status, attempts: row.attempts },
      now(),
    );
    if (!claimed) {
      // Another run of this recipient got there first; it sends, this one does not.
      await pacer.done(mark);
      return "already-done";
    }

    const message = renderReminder(
      t,
      { id: campaignId, text_kk: row.text_kk, text_ru: row.text_ru },
      row.language,
    );
    const outcome = await sender.send({
      chatId,
      text: message.text,
      replyMarkup: message.replyMarkup,
    });
    await pacer.done(mark);
    switch (outcome.kind) {
      case "sent":
        await setStatus(job.data, "sent", { message_id: outcome.messageId, error: null });
        await finishIfDone(db, campaignId, now());
        return "sent";
      case "rate_limited":
        await pacer.hold(outcome.retryAfterMs);
        await setStatus(job.data, "pending");
        await worker.rateLimit(outcome.retryAfterMs);
        throw Worker.RateLimitError();
      case "blocked":
        await setStatus(job.data, "blocked", { error: outcome.description });
        await setSubscriberActive(db, chatId, false, now());
        await finishIfDone(db, campaignId, now());
        return "blocked";
      case "rejected":
        await setStatus(job.data, "failed", { error: outcome.description });
        await finishIfDone(db, campaignId, now());
        return "failed";
      case "transient": {
        const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
        await setStatus(job.data, lastAttempt ? "failed" : "pending", {
          error: outcome.description,
        });
        if (lastAttempt) {
          await finishIfDone(db, campaignId, now());
          return "failed";
        }
        throw new Error(outcome.description);
      }
    }
  };

  const worker: Worker<SendJobData> = new Worker<SendJobData>(sendQueueName, process, {
    connection,
    ...(options.prefix ? { prefix: options.prefix } : {}),
    concurrency: options.concurrency,
    limiter: { max: options.ratePerSecond, duration: 1000 },
    lockDuration: options.lockDurationMs ?? 30_000,
    stalledInterval: options.stalledIntervalMs ?? 30_000,
    maxStalledCount: 5,
  });
  worker.on("error", (error) => logger.warn({ err: error.message }, "broadcast send worker error"));
  return worker;
}
