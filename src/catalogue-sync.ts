import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { CatalogueHolder, ReloadCause } from "./catalogue-holder.ts";
import type { Config } from "./config.ts";
import { createClientConnection, createWorkerConnection } from "./infra/redis.ts";
import type { Logger } from "./logger.ts";

const messageSchema = z.object({
  from: z.string(),
  cause: z.enum(["catalogue", "admission-windows"]),
});

/** The channel the instances of one deployment (one Redis, one status prefix) share. */
export const catalogueChannel = (config: Pick<Config, "STATUS_QUEUE_PREFIX">) =>
  `${config.STATUS_QUEUE_PREFIX}:catalogue-reload`;

export interface CatalogueSync {
  /** This instance's id in the messages (its own are ignored). */
  instanceId: string;
  stop(): Promise<void>;
}

/**
 * Makes a reload on one instance reach every instance: each swap of the local holder that
 * did not come from another instance is published on a Redis channel, and a message from
 * another instance reloads the catalogue (or only the administrators' windows) here too.
 * Each instance reads `KNOWLEDGE_DIR` and the database itself; only the signal travels.
 * Pub/sub keeps no message for a subscriber that was away, so after its connection comes back
 * an instance re-reads the administrators' windows (cheap) in case it missed a change.
 */
export async function startCatalogueSync(options: {
  holder: CatalogueHolder;
  redisUrl: string;
  /** The app's fail-fast connection, for publishing. */
  publisher: { publish(channel: string, message: string): Promise<number> };
  channel: string;
  logger: Logger;
}): Promise<CatalogueSync> {
  const { holder, logger, channel } = options;
  const instanceId = randomUUID();
  const subscriber = createWorkerConnection(options.redisUrl, logger);
  let relaying = 0;

  const unsubscribe = holder.onReload((_, cause) => {
    if (relaying > 0) return;
    options.publisher
      .publish(channel, JSON.stringify({ from: instanceId, cause }))
      .catch((error: Error) =>
        logger.warn({ err: error.message }, "catalogue reload not announced to other instances"),
      );
  });

  const relay = async (cause: ReloadCause) => {
    relaying += 1;
    try {
      if (cause === "catalogue") await holder.reload();
      else await holder.refreshAdmissionWindows();
    } catch (error) {
      logger.warn({ err: (error as Error).message, cause }, "reload from another instance failed");
    } finally {
      relaying -= 1;
    }
  };

  subscriber.on("message", (from: string, text: string) => {
    if (from !== channel) return;
    const parsed = messageSchema.safeParse(JSON.parse(text));
    if (!parsed.success || parsed.data.from === instanceId) return;
    logger.info({ cause: parsed.data.cause }, "reloading: another instance reloaded");
    void relay(parsed.data.cause);
  });
  let connectedBefore = false;
  subscriber.on("ready", () => {
    if (connectedBefore) void relay("admission-windows");
    connectedBefore = true;
  });
  await subscriber.subscribe(channel);

  return {
    instanceId,
    async stop() {
      unsubscribe();
      await subscriber.quit().catch(() => subscriber.disconnect());
    },
  };
}

/**
 * Tells the running instances from a process that holds no catalogue of its own (the CLI that
 * set an admission window). Resolves to false when Redis could not be reached.
 */
export async function announceReload(options: {
  redisUrl: string;
  channel: string;
  cause: ReloadCause;
}): Promise<boolean> {
  const redis = createClientConnection(options.redisUrl, undefined, {
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: 1500,
  });
  redis.on("error", () => {});
  try {
    await redis.publish(
      options.channel,
      JSON.stringify({ from: `cli-${randomUUID()}`, cause: options.cause }),
    );
    return true;
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}
