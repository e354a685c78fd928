import type { FastifyRequest } from "fastify";

/**
 * A request from this machine, not forwarded by a proxy. The socket address is used because
 * `request.ip` follows X-Forwarded-For when TRUST_PROXY is set, and a client can forge it.
 */
export function isLoopbackRequest(request: FastifyRequest): boolean {
  const peer = request.raw.socket.remoteAddress ?? "";
  const local = peer === "127.0.0.1" || peer === "::1" || peer === "::ffff:127.0.0.1";
  return local && request.headers["x-forwarded-for"] === undefined;
}
