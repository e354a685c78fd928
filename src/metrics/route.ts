import type { FastifyInstance, FastifyRequest } from "fastify";
import type { Metrics } from "./registry.ts";

/**
 * A local Prometheus (TCP peer on loopback, not forwarded by a proxy) scrapes freely; anyone
 * else needs an admin session. The socket address is used because `trustProxy` makes
 * `request.ip` follow X-Forwarded-For, which a client can forge.
 */
function isLocalScrape(request: FastifyRequest): boolean {
  const peer = request.raw.socket.remoteAddress ?? "";
  const local = peer === "127.0.0.1" || peer === "::1" || peer === "::ffff:127.0.0.1";
  return local && request.headers["x-forwarded-for"] === undefined;
}

export async function metricsRoutes(
  app: FastifyInstance,
  opts: { metrics: Metrics; isAdmin(request: FastifyRequest): Promise<boolean> },
) {
  app.get("/metrics", { config: { public: true } }, async (request, reply) => {
    if (!isLocalScrape(request) && !(await opts.isAdmin(request))) {
      return reply.code(403).type("text/plain").send("forbidden\n");
    }
    return reply
      .type(opts.metrics.registry.contentType)
      .send(await opts.metrics.registry.metrics());
  });
}
