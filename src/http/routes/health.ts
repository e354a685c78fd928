import type { FastifyInstance } from "fastify";
import { databaseEngine, isDatabaseHealthy } from "../../db/database.ts";
import type { AppDeps } from "../../deps.ts";

async function isRedisHealthy(deps: AppDeps): Promise<boolean> {
  const timeout = new Promise<false>((resolve) => setTimeout(() => resolve(false), 1000).unref());
  const ping = deps.redis.ping().then(
    (reply) => reply === "PONG",
    () => false,
  );
  return Promise.race([ping, timeout]);
}

/** `GET /healthz`: 200 when Redis and the database answer, 503 naming what is down. */
export async function healthRoutes(app: FastifyInstance, deps: AppDeps) {
  app.get("/healthz", async (_request, reply) => {
    const [redis, db] = await Promise.all([isRedisHealthy(deps), isDatabaseHealthy(deps.db)]);
    const body = {
      redis: redis ? "ok" : "down",
      db: db ? "ok" : "down",
      /** `sqlite` or `postgres`: which database this instance was configured with. */
      engine: databaseEngine(deps.db),
      bot: deps.botStatus(),
      uptimeSeconds: Math.round(process.uptime()),
    };
    return reply.code(redis && db ? 200 : 503).send(body);
  });
}
