import type { IncomingMessage, ServerResponse } from "node:http";
import type { FastifyInstance } from "fastify";
import helmet, { type HelmetOptions } from "helmet";

/** The console pages' policy: scripts, styles and images from the console itself only. */
export const pageSecurityOptions: HelmetOptions = {
  contentSecurityPolicy: {
    directives: {
      "script-src": ["'self'"],
      "style-src": ["'self'"],
      "img-src": ["'self'", "data:"],
      // TLS is the proxy's job; on a plain-HTTP LAN address this would break CSS and JS.
      "upgrade-insecure-requests": null,
    },
  },
};

/**
 * The headers `helmet(options)` sets, worked out once. With options that do not depend on the
 * request (no function directives, no nonces) helmet sets the same headers on every response,
 * but `@fastify/helmet` builds the middleware again on every request (it allows per-route
 * options), parsing the CSP directives each time: about 4% of a search keystroke's CPU.
 */
export function helmetHeaders(options: HelmetOptions): ReadonlyArray<readonly [string, string]> {
  const headers = new Map<string, string>();
  const recorder = {
    setHeader(name: string, value: string | number) {
      headers.set(name, String(value));
      return recorder;
    },
    removeHeader(name: string) {
      headers.delete(name);
    },
  };
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, (error) => {
    if (error) throw error;
  });
  return [...headers];
}

/**
 * Sets helmet's headers on every response of `app`'s scope, as `@fastify/helmet` does: on the
 * raw response at `onRequest`, so that a route may still replace one of them with its own.
 */
export function addSecurityHeaders(app: FastifyInstance, options: HelmetOptions) {
  const headers = helmetHeaders(options);
  app.addHook("onRequest", (_request, reply, done) => {
    for (const [name, value] of headers) reply.raw.setHeader(name, value);
    done();
  });
}
