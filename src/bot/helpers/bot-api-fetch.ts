import http from "node:http";
import https from "node:https";
import type { Readable } from "node:stream";

/** What grammY's API client passes to `fetch` (JSON string or a multipart stream). */
interface BotApiRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Readable;
  signal?: AbortSignal;
}

/** The part of a fetch `Response` grammY's API client reads. */
interface BotApiResponse {
  ok: boolean;
  status: number;
  json(): Promise<unknown>;
  text(): Promise<string>;
}

/**
 * A small `fetch` for grammY's API client on plain `http.request` with keep-alive agents.
 * grammY's default (node-fetch) builds Request/Headers/Body objects and a stream per call, which
 * made up a good part of the bot's CPU and garbage per button press (two calls per press).
 * Every Bot API method answers JSON, so that is all this needs to read; uploads (multipart
 * streams) are piped as they are.
 */
export function createBotApiFetch() {
  const agents = {
    "http:": new http.Agent(agentOptions),
    "https:": new https.Agent(agentOptions),
  };
  // One set of request options per Bot API method, made once: `http.request` given a URL
  // would convert it to options at every call.
  const targets = new Map<string, Target>();
  const targetOf = (url: string | URL): Target => {
    const key = String(url);
    let target = targets.get(key);
    if (!target) {
      const parsed = typeof url === "string" ? new URL(url) : url;
      const secure = parsed.protocol === "https:";
      target = {
        client: secure ? https : http,
        options: {
          protocol: parsed.protocol,
          hostname: parsed.hostname.replace(/^\[|\]$/g, ""),
          port: parsed.port,
          path: `${parsed.pathname}${parsed.search}`,
          agent: secure ? agents["https:"] : agents["http:"],
        },
      };
      if (targets.size < 1000) targets.set(key, target);
    }
    return target;
  };
  return (url: string | URL, init: BotApiRequest = {}): Promise<BotApiResponse> =>
    new Promise((resolve, reject) => {
      const { client, options } = targetOf(url);
      const signal = init.signal;
      if (signal?.aborted) {
        reject(new Error("The Bot API request was aborted"));
        return;
      }
      const body = init.body;
      const headers: Record<string, string | number> = { ...init.headers };
      if (typeof body === "string") headers["content-length"] = Buffer.byteLength(body);
      const request = client.request(
        {
          ...options,
          method: init.method ?? "GET",
          headers,
        },
        (response) => {
          // Bytes kept as they come and decoded once: a JSON answer is one or a few chunks.
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => {
            chunks.push(chunk);
          });
          response.on("error", reject);
          response.on("end", () => {
            const status = response.statusCode ?? 0;
            const text = (
              chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)
            ).toString("utf8");
            resolve({
              ok: status >= 200 && status < 300,
              status,
              text: async () => text,
              json: async () => JSON.parse(text),
            });
          });
        },
      );
      request.on("error", reject);
      // The abort (a timeout, or polling stopped) handled here rather than by `http.request`'s
      // own `signal`, whose stream clean-up cost more than the rest of a small request.
      if (signal) {
        const abort = () => request.destroy(new Error("The Bot API request was aborted"));
        signal.addEventListener("abort", abort);
        request.once("close", () => signal.removeEventListener("abort", abort));
      }
      if (body === undefined) request.end();
      else if (typeof body === "string") request.end(body);
      else {
        body.on("error", (error) => request.destroy(error));
        body.pipe(request);
      }
    });
}

/**
 * At most as many connections open as are kept open when idle. With Node's defaults (no limit,
 * 256 kept), a burst of presses with two calls each opened hundreds of connections and closed
 * every one past 256 when it ended, so the next burst connected again: a handshake per call
 * (TLS with Telegram) on both sides. Calls past the limit wait for a free connection instead;
 * 256 at once is thousands of calls a second at Telegram's round trip.
 */
const agentOptions = {
  keepAlive: true,
  keepAliveMsecs: 10_000,
  maxSockets: 256,
  maxFreeSockets: 256,
};

interface Target {
  client: typeof http | typeof https;
  options: http.RequestOptions;
}
