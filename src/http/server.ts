import Fastify, { type FastifyInstance } from "fastify";
import type { AppDeps } from "../deps.ts";
import { healthRoutes } from "./routes/health.ts";

/** Builds the HTTP server; `main.ts` decides when it listens. */
export async function createServer(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.logger.child({ component: "http" }),
    disableRequestLogging: deps.config.NODE_ENV === "test",
    trustProxy: true,
    bodyLimit: 1_048_576,
  });
  await app.register(healthRoutes, deps);
  return app;
}
