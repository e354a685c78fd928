import Fastify, { type FastifyBaseLogger, type FastifyInstance } from "fastify";
import { consolePlugin } from "../console/plugin.ts";
import type { AppDeps } from "../deps.ts";
import { healthRoutes } from "./routes/health.ts";
import { landingRoutes } from "./routes/landing.ts";
import { providerApiRoutes } from "./routes/provider-api.ts";
import { setupRoutes } from "./routes/setup.ts";

/** TRUST_PROXY as Fastify takes it: a hop count trusts that many proxies nearest to us. */
function trustProxyOf(setting: false | number | string[]) {
  if (typeof setting !== "number") return setting;
  return (_address: string, hop: number) => hop < setting;
}

/** Builds the HTTP server; `main.ts` decides when it listens. */
export async function createServer(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.logger.child({ component: "http" }) as FastifyBaseLogger,
    // Off unless TRUST_PROXY names the proxies: otherwise a client picks its own address with
    // X-Forwarded-For and every per-address limit is void.
    trustProxy: trustProxyOf(deps.config.TRUST_PROXY),
    bodyLimit: 1_048_576,
  });
  await app.register(healthRoutes, deps);
  await app.register(providerApiRoutes, deps);
  await app.register(consolePlugin, deps);
  // The bare address explains what runs here; the first-run link creates the first administrator.
  await app.register(landingRoutes, deps);
  await app.register(setupRoutes, deps);
  return app;
}
