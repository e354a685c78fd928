import type { FastifyInstance, FastifyRequest } from "fastify";
import { isLoopbackRequest } from "../infra/loopback.ts";
import type { Metrics } from "./registry.ts";

/** A local Prometheus (`isLoopbackRequest`) scrapes freely; anyone else needs an admin session. */
export async function metricsRoutes(
  app: FastifyInstance,
  opts: { metrics: Metrics; isAdmin(request: FastifyRequest): Promise<boolean> },
) {
  app.get("/metrics", { config: { public: true } }, async (request, reply) => {
    if (!isLoopbackRequest(request) && !(await opts.isAdmin(request))) {
      return reply.code(403).type("text/plain").send("forbidden\n");
    }
    return reply
      .type(opts.metrics.registry.contentType)
      .send(await opts.metrics.registry.metrics());
  });
}
