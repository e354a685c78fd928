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
    "http:": new http.Agent({ keepAlive: true, keepAliveMsecs: 10_000 }),
    "https:": new https.Agent({ keepAlive: true, keepAliveMsecs: 10_000 }),
  };
  // One URL per Bot API method, parsed once.
  const urls = new Map<string, URL>();
  const parsed = (url: string) => {
    let target = urls.get(url);
    if (!target) {
      target = new URL(url);
      if (urls.size < 1000) urls.set(url, target);
    }
    return target;
  };
  return (url: string | URL, init: BotApiRequest = {}): Promise<BotApiResponse> =>
    new Promise((resolve, reject) => {
      const target = typeof url === "string" ? parsed(url) : url;
      const secure = target.protocol === "https:";
      const body = init.body;
      const headers: Record<string, string | number> = { ...init.headers };
      if (typeof body === "string") headers["content-length"] = Buffer.byteLength(body);
      const request = (secure ? https : http).request(
        target,
        {
          method: init.method ?? "GET",
          headers,
          agent: secure ? agents["https:"] : agents["http:"],
          ...(init.signal ? { signal: init.signal } : {}),
        },
        (response) => {
          let text = "";
          response.setEncoding("utf8");
          response.on("data", (chunk: string) => {
            text += chunk;
          });
          response.on("error", reject);
          response.on("end", () => {
            const status = response.statusCode ?? 0;
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
      if (body === undefined) request.end();
      else if (typeof body === "string") request.end(body);
      else {
        body.on("error", (error) => request.destroy(error));
        body.pipe(request);
      }
    });
}
