import { readFileSync } from "node:fs";
import path from "node:path";
import fastifyCookie from "@fastify/cookie";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { hit } from "../applications/rate-limit.ts";
import { SESSION_TTL_SECONDS } from "../bot/bot.ts";
import type { AppDeps } from "../deps.ts";
import { isLanguage, type Language } from "../i18n.ts";
import type { WebChatEngine } from "./engine.ts";
import { isWebChatToken, newWebChatToken } from "./ids.ts";
import { chatPage } from "./page.ts";
import type { WebChatEvent } from "./store.ts";

export const webChatCookie = "qoldau_webchat";
const languageCookie = "qoldau_lang";
const tokenHeader = "x-webchat-token";
const HEARTBEAT_MS = 25_000;

export interface WebChatRoutesOptions {
  deps: AppDeps;
  engine: WebChatEngine;
  /** Redis key prefix of the rate-limit counters (not `prefix`: Fastify reads that one). */
  keyPrefix?: string;
}

const assetsDir = path.resolve("public/webchat");
const assets: Record<string, { type: string; file: string; body: string }> = {
  "chat.js": { type: "text/javascript; charset=utf-8", file: "chat.js", body: "" },
  "chat.css": { type: "text/css; charset=utf-8", file: "chat.css", body: "" },
  // The colours and type the console uses too: one file, served under both paths.
  "theme.css": { type: "text/css; charset=utf-8", file: "../theme.css", body: "" },
};

/**
 * `/chat` (the page), `/chat/embed.js` (a bubble for other sites), `/chat/assets/*` and the
 * page's API under `/chat/api/`: hello (identity and history), messages, presses, the live event
 * stream (Server-Sent Events) and documents. A visitor is a random token in a first-party
 * HttpOnly cookie; inside another site's frame, where that cookie would be a third-party one, the
 * page keeps the token in its own (partitioned) storage and sends it in a header instead.
 */
export async function webChatRoutes(app: FastifyInstance, options: WebChatRoutesOptions) {
  const { deps, engine } = options;
  const { config, i18n, redis } = deps;
  const prefix = options.keyPrefix ?? "qoldau:";
  const allowed = new Set(config.WEBCHAT_ALLOWED_ORIGINS);
  for (const name of Object.keys(assets)) {
    const asset = assets[name];
    if (asset) asset.body = readFileSync(path.join(assetsDir, asset.file), "utf8");
  }
  const embedScript = readFileSync(path.join(assetsDir, "embed.js"), "utf8");
  await app.register(fastifyCookie);

  const frameAncestors = ["'self'", ...allowed].join(" ");
  const securityHeaders = (reply: FastifyReply) =>
    reply
      .header(
        "content-security-policy",
        `default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors ${frameAncestors}`,
      )
      .header("x-content-type-options", "nosniff")
      .header("referrer-policy", "no-referrer")
      .header("cross-origin-opener-policy", "same-origin");

  const ownOrigin = (request: FastifyRequest) => `${request.protocol}://${request.host}`;
  /** A request from a page of another site: allowed ones get CORS, the rest are refused. */
  const originAllowed = (request: FastifyRequest, reply: FastifyReply) => {
    const origin = request.headers.origin;
    if (origin === undefined || origin === ownOrigin(request)) return true;
    if (!allowed.has(origin)) return false;
    reply.header("access-control-allow-origin", origin).header("vary", "Origin");
    return true;
  };

  const languageOf = (request: FastifyRequest): Language => {
    const wanted = (request.query as Record<string, unknown> | undefined)?.lang;
    if (isLanguage(wanted)) return wanted;
    const remembered = request.cookies[languageCookie];
    if (isLanguage(remembered)) return remembered;
    return /^ru\b/i.test(request.headers["accept-language"] ?? "") ? "ru" : "kk";
  };

  /** The visitor's token from the header (in a frame) or the cookie, if well-formed. */
  const tokenOf = (request: FastifyRequest): string | undefined => {
    const fromHeader = request.headers[tokenHeader];
    if (isWebChatToken(fromHeader)) return fromHeader;
    const fromCookie = request.cookies[webChatCookie];
    return isWebChatToken(fromCookie) ? fromCookie : undefined;
  };

  const setIdentity = (reply: FastifyReply, token: string) =>
    reply.setCookie(webChatCookie, token, {
      path: "/chat",
      httpOnly: true,
      sameSite: "lax",
      secure: "auto",
      // The conversation lives as long as the bot's session.
      maxAge: SESSION_TTL_SECONDS,
    });

  const limited = async (request: FastifyRequest, reply: FastifyReply, token: string) => {
    const chat = engine.chatOf(token);
    for (const [key, limit] of [
      [`${prefix}webchat:limit:chat:${chat}`, config.WEBCHAT_MESSAGES_PER_MINUTE],
      // request.ip follows X-Forwarded-For only from the proxies TRUST_PROXY names.
      [`${prefix}webchat:limit:ip:${request.ip}`, config.WEBCHAT_ADDRESS_MESSAGES_PER_MINUTE],
    ] as const) {
      const counted = await hit(redis, key, limit, 60);
      if (!counted.allowed) {
        reply.header("retry-after", String(counted.retryAfterSeconds));
        reply.code(429).send({ error: "too_many_requests" });
        return true;
      }
    }
    return false;
  };

  app.addHook("onRequest", async (request, reply) => {
    if (!request.url.startsWith("/chat/api/")) return;
    securityHeaders(reply);
    if (!originAllowed(request, reply))
      return reply.code(403).send({ error: "origin_not_allowed" });
    if (!engine.accepting)
      return reply.code(503).header("retry-after", "5").send({ error: "stopping" });
  });

  app.options("/chat/api/*", async (_request, reply) => {
    reply
      .header("access-control-allow-methods", "GET, POST")
      .header("access-control-allow-headers", `content-type, ${tokenHeader}`)
      .header("access-control-max-age", "600");
    return reply.code(204).send();
  });

  app.get("/chat", async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const embed = query.embed === "1";
    const host = typeof query.host === "string" && allowed.has(query.host) ? query.host : undefined;
    const lang = languageOf(request);
    securityHeaders(reply);
    return reply.type("text/html; charset=utf-8").send(chatPage(i18n, lang, embed, host));
  });

  app.get("/chat/assets/:name", async (request, reply) => {
    const asset = assets[(request.params as { name: string }).name];
    if (!asset) return reply.code(404).send({ error: "not_found" });
    reply.header("x-content-type-options", "nosniff").header("cache-control", "no-cache");
    return reply.type(asset.type).send(asset.body);
  });

  app.get("/chat/embed.js", async (_request, reply) => {
    reply
      .header("x-content-type-options", "nosniff")
      .header("cache-control", "public, max-age=300")
      // Loaded by other sites' pages by design.
      .header("cross-origin-resource-policy", "cross-origin");
    return reply.type("text/javascript; charset=utf-8").send(embedScript);
  });

  // Asked by embed.js on another site's page: 204 when that origin may embed the chat (the
  // onRequest hook above answers 403 for any other).
  app.get("/chat/api/embed-check", async (_request, reply) => reply.code(204).send());

  app.post("/chat/api/hello", async (request, reply) => {
    const embed = (request.body as { embed?: unknown } | undefined)?.embed === true;
    const lang = languageOf(request);
    let token = tokenOf(request);
    const fresh = token === undefined;
    if (!token) {
      const counted = await hit(
        redis,
        `${prefix}webchat:limit:new:${request.ip}`,
        config.WEBCHAT_NEW_CHATS_PER_HOUR,
        3600,
      );
      if (!counted.allowed) {
        reply.header("retry-after", String(counted.retryAfterSeconds));
        return reply.code(429).send({ error: "too_many_requests" });
      }
      token = newWebChatToken();
    }
    setIdentity(reply, token);
    const chat = engine.chatOf(token);
    const history = await engine.store.history(chat);
    // A new conversation starts as a Telegram one does, with /start (not shown as a bubble).
    if (history.messages.length === 0) await engine.say(token, lang, "/start", { hidden: true });
    return reply.send({
      ...(embed && fresh ? { token } : {}),
      ...(await engine.store.history(chat)),
    });
  });

  app.post("/chat/api/messages", async (request, reply) => {
    const token = tokenOf(request);
    if (!token) return reply.code(401).send({ error: "no_chat" });
    const text = (request.body as { text?: unknown } | undefined)?.text;
    if (typeof text !== "string" || text.trim() === "")
      return reply.code(400).send({ error: "empty" });
    if (text.length > 4096) return reply.code(400).send({ error: "too_long" });
    if (await limited(request, reply, token)) return reply;
    void engine.say(token, languageOf(request), text.trim());
    return reply.code(202).send({ ok: true });
  });

  app.post("/chat/api/press", async (request, reply) => {
    const token = tokenOf(request);
    if (!token) return reply.code(401).send({ error: "no_chat" });
    const body = (request.body ?? {}) as { id?: unknown; data?: unknown };
    if (!Number.isSafeInteger(body.id) || typeof body.data !== "string" || body.data.length > 64)
      return reply.code(400).send({ error: "bad_press" });
    if (await limited(request, reply, token)) return reply;
    const pressed = await engine.press(token, languageOf(request), body.id as number, body.data);
    return pressed
      ? reply.code(202).send({ ok: true })
      : reply.code(409).send({ error: "stale_button" });
  });

  app.get("/chat/api/events", async (request, reply) => {
    const token = tokenOf(request);
    if (!token) return reply.code(401).send({ error: "no_chat" });
    const chat = engine.chatOf(token);
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      ...(reply.getHeaders() as Record<string, string>),
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-store",
      connection: "keep-alive",
      "x-accel-buffering": "no",
    });
    const send = (event: WebChatEvent | { type: "snapshot" }, data: unknown) =>
      raw.write(`event: ${event.type}\ndata: ${JSON.stringify(data)}\n\n`);
    const unsubscribe = await engine.store.subscribe(chat, (event) => send(event, event));
    // Subscribed first, then the snapshot: nothing falls between them (the page upserts by id).
    send({ type: "snapshot" }, await engine.store.history(chat));
    const heartbeat = setInterval(() => raw.write(": keep-alive\n\n"), HEARTBEAT_MS);
    let untrack = () => {};
    const end = () => {
      clearInterval(heartbeat);
      unsubscribe();
      untrack();
      if (!raw.writableEnded) raw.end();
    };
    untrack = engine.trackStream(end);
    request.raw.on("close", end);
  });

  app.get("/chat/api/files/:fileId", async (request, reply) => {
    const token = tokenOf(request);
    if (!token) return reply.code(401).send({ error: "no_chat" });
    const fileId = (request.params as { fileId: string }).fileId;
    if (!/^[\w-]{1,40}$/.test(fileId)) return reply.code(404).send({ error: "not_found" });
    const chat = engine.chatOf(token);
    const bytes = await engine.store.getFile(chat, fileId);
    if (!bytes) return reply.code(404).send({ error: "not_found" });
    const { messages } = await engine.store.history(chat);
    const name =
      messages.find((m) => m.document?.fileId === fileId)?.document?.name ?? "document.pdf";
    reply
      .header("cache-control", "private, no-store")
      .header("content-disposition", `attachment; filename*=UTF-8''${encodeURIComponent(name)}`);
    return reply
      .type(name.endsWith(".pdf") ? "application/pdf" : "application/octet-stream")
      .send(bytes);
  });
}
