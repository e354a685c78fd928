import http from "node:http";
import type { AddressInfo } from "node:net";

export interface SimulatedRecord {
  status: string;
  updatedAt: string;
  refusalGround?: number | null;
}

export interface SimulatedInformationSystem {
  url: string;
  records: Map<string, SimulatedRecord>;
  /** Delay before every answer. */
  latencyMs: number;
  /** Share of requests (0..1) answered with HTTP 503. */
  errorRate: number;
  /** When true, requests are held and never answered (the adapter's timeout must fire). */
  hang: boolean;
  /** Requests received, by application ref. */
  requests: Map<string, number>;
  totalRequests(): number;
  close(): Promise<void>;
}

/**
 * A stand-in for Bilimal or Malahit on 127.0.0.1 (port chosen at run time):
 * `GET /applications/<ref>` → `{ status, updatedAt, refusalGround }`, 404 when unknown.
 * Latency, 5xx errors and hanging (timeouts) are switchable while it runs.
 */
export async function startInformationSystem(
  options: {
    latencyMs?: number;
    errorRate?: number;
    random?: () => number;
    /** Answer for refs not in `records` (the bench: every ref exists); default 404. */
    defaultRecord?: SimulatedRecord;
  } = {},
): Promise<SimulatedInformationSystem> {
  const random = options.random ?? Math.random;
  const held = new Set<http.ServerResponse>();
  const server = http.createServer((request, response) => {
    const match = /^\/applications\/([^/?]+)$/.exec(request.url ?? "");
    const ref = match ? decodeURIComponent(match[1] as string) : "";
    system.requests.set(ref, (system.requests.get(ref) ?? 0) + 1);
    if (system.hang) {
      held.add(response);
      response.on("close", () => held.delete(response));
      return;
    }
    const answer = () => {
      if (!match) {
        response.writeHead(400).end();
      } else if (random() < system.errorRate) {
        response
          .writeHead(503, { "content-type": "application/json" })
          .end('{"error":"unavailable"}');
      } else {
        const record = system.records.get(ref) ?? options.defaultRecord;
        if (!record) response.writeHead(404, { "content-type": "application/json" }).end("{}");
        else
          response
            .writeHead(200, { "content-type": "application/json" })
            .end(JSON.stringify(record));
      }
    };
    if (system.latencyMs > 0) setTimeout(answer, system.latencyMs);
    else answer();
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const system: SimulatedInformationSystem = {
    url: `http://127.0.0.1:${port}`,
    records: new Map(),
    latencyMs: options.latencyMs ?? 0,
    errorRate: options.errorRate ?? 0,
    hang: false,
    requests: new Map(),
    totalRequests: () => [...system.requests.values()].reduce((sum, n) => sum + n, 0),
    async close() {
      for (const response of held) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return system;
}
