import { createHmac, randomBytes } from "node:crypto";
import path from "node:path";
import fastifyCookie from "@fastify/cookie";
import fastifyCsrf from "@fastify/csrf-protection";
import fastifyFormbody from "@fastify/formbody";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { hit } from "../applications/rate-limit.ts";
import { createAuditLog } from "../audit/audit-log.ts";
import type { AppDeps } from "../deps.ts";
import { isLanguage, type Language } from "../i18n.ts";
import { duplicateConnection } from "../infra/redis.ts";
import { KnowledgeError } from "../knowledge/catalogue.ts";
import { metricsRoutes } from "../metrics/route.ts";
import { createUserRepository, ensureFirstAdmin } from "../users/repository.ts";
import type { ConsoleContext, Translate } from "./context.ts";
import { html } from "./html.ts";

import { assetsBase, consoleBase, csrfBinding, renderPage } from "./layout.ts";
import { createLoginThrottle } from "./login-throttle.ts";
import { consoleModules } from "./modules.ts";

import { consolePages } from "./pages/index.ts";
import type { PageContext } from "./pages/page.ts";
import { queuesBoard } from "./pages/queues.ts";
import { addSecurityHeaders, pageSecurityOptions } from "./security-headers.ts";
import { consoleSessions } from "./session.ts";
import { createSessionSigner } from "./session-signer.ts";
import { createRedisSessionStore } from "./session-store.ts";

const sessionTtlMs = 8 * 60 * 60 * 1000;
/** The console language before and after signing in: a plain cookie, not a session. */
const languageCookie = "qoldau_lang";

function wantsHtml(request: FastifyRequest): boolean {
  return request.method === "GET" && !request.url.startsWith(`${consoleBase}/api/`);
}

/**
 * The operator, school and admin console under /console, plus /metrics. Sessions live in
 * Redis behind a signed HttpOnly cookie and exist only once someone has signed in: before
 * that the language is a plain cookie and the login form's CSRF secret a signed one, so
 * anonymous visits store nothing in Redis. Every route is admin-only unless it names its roles.
 */
export async function consolePlugin(app: FastifyInstance, deps: AppDeps) {
  const { i18n, metrics } = deps;
  const translators = new Map<Language, Translate>();
  const t = (lang: Language): Translate => {
    let translate = translators.get(lang);
    if (!translate) {
      translate = (key, vars) => i18n.t(lang, key, vars);
      translators.set(lang, translate);
    }
    return translate;
  };
  const users = createUserRepository(deps.db);
  await ensureFirstAdmin(users, deps.config, deps.logger);
  const { config } = deps;
  const ctx: ConsoleContext = {
    deps,
    users,
    loginThrottle: createLoginThrottle(deps.redis, {
      perAccount: config.CONSOLE_LOGIN_FAILURES_PER_ACCOUNT,
      perAddress: config.CONSOLE_LOGIN_FAILURES_PER_ADDRESS,
      lockMinutes: config.CONSOLE_LOGIN_LOCK_MINUTES,
    }),
    audit: createAuditLog(deps.db),
    metrics,
    t,
    modules: consoleModules(deps),
    async reloadCatalogue() {
      try {
        // The holder swaps the whole snapshot: the bot, the workers and these pages read it.
        const { catalogue } = await deps.knowledge.reload();
        return { ok: true, services: catalogue.services.length, sources: catalogue.sources.length };
      } catch (error) {
        if (error instanceof KnowledgeError) return { ok: false, problems: error.problems };
        return { ok: false, problems: [error instanceof Error ? error.message : String(error)] };
      }
    },
  };

  const sessionSecret = config.SESSION_SECRET ?? randomBytes(32).toString("hex");
  // One secret, separate keys per use: the session cookie, signed cookies, CSRF token binding.
  const derived = (use: string) => createHmac("sha256", sessionSecret).update(use).digest("hex");
  await app.register(fastifyCookie, { secret: derived("cookie-signing") });
  // Every signed-in request reads its session. On a connection of their own with auto-pipelining,
  // the reads of requests that arrive together reach Redis in one write, not a system call each.
  const sessionRedis = duplicateConnection(deps.redis, { enableAutoPipelining: true });
  sessionRedis.on("error", (error: Error) =>
    deps.logger.warn({ err: error.message }, "console session redis connection error"),
  );
  app.addHook("onClose", async () => {
    await sessionRedis.quit().catch(() => sessionRedis.disconnect());
  });
  await app.register(consoleSessions, {
    cookieName: "qoldau_console",
    signer: createSessionSigner(sessionSecret),
    store: createRedisSessionStore(sessionRedis, "qoldau:console:session:"),
    ttlMs: sessionTtlMs,
  });
  await app.register(fastifyFormbody);
  app.decorateRequest("consoleUser", null);
  app.decorateRequest("lang", "kk");

  // Deny by default: a console route that does not name its roles is for admins only.
  app.addHook("onRoute", (route) => {
    const config = (route.config ?? {}) as Record<string, unknown>;
    const isAsset = route.url.startsWith(`${assetsBase}/`);
    if (isAsset) config.public = true;
    if (!config.public && !config.roles) config.roles = ["admin"];
    route.config = config as typeof route.config;
  });

  app.addHook("onRequest", async (request, reply) => {
    if (request.url.startsWith(`${assetsBase}/`)) return;
    const wanted = (request.query as Record<string, unknown> | undefined)?.lang;
    const remembered = request.cookies[languageCookie];
    if (isLanguage(wanted) && wanted !== remembered) {
      reply.setCookie(languageCookie, wanted, {
        path: "/",
        httpOnly: true,
        sameSite: "lax",
        secure: "auto",
        maxAge: 365 * 86_400,
      });
    }
    request.lang = isLanguage(wanted) ? wanted : isLanguage(remembered) ? remembered : "kk";

    const userId = request.session.userId;
    if (userId !== undefined) {
      const user = await users.signedIn(userId);
      if (user) {
        request.consoleUser = user;
      } else {
        await request.session.destroy();
      }
    }
    if (!request.consoleUser) {
      // Before signing in, a visitor costs a counter per address and nothing else.
      const limit = await hit(
        deps.redis,
        `qoldau:console:anonymous:${request.ip}`,
        config.CONSOLE_ANONYMOUS_REQUESTS_PER_MINUTE,
        60,
      );
      if (!limit.allowed) {
        reply.header("retry-after", String(limit.retryAfterSeconds));
        const tr = t(request.lang);
        return pageCtx.render(request, reply, {
          status: 429,
          title: tr("console-rate-limited-title"),
          body: html`<p class="notice error" role="alert">${tr("console-rate-limited-text")}</p>`,
        });
      }
    }
    const routeConfig = request.routeOptions.config;
    if (routeConfig.public) return;
    const user = request.consoleUser;
    if (!user) {
      if (wantsHtml(request)) return reply.redirect(`${consoleBase}/login`);
      return reply.code(401).send({ error: "unauthorised" });
    }
    if (!routeConfig.roles?.includes(user.role)) return forbidden(request, reply);
  });

  app.addHook("onResponse", async (request, reply) => {
    const route = request.routeOptions.url;
    if (!route || route.startsWith(`${assetsBase}/`)) return;
    metrics.consoleRequests.observe(
      { route, method: request.method, status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });

  const nav = consolePages.flatMap((page) => (page.nav ? [page.nav] : []));
  const pageCtx: PageContext = {
    ...ctx,
    render: (request, reply, options) => renderPage(ctx, nav, request, reply, options),
  };
  const forbidden = (request: FastifyRequest, reply: FastifyReply) => {
    if (!wantsHtml(request)) return reply.code(403).send({ error: "forbidden" });
    const tr = t(request.lang);
    return pageCtx.render(request, reply, {
      status: 403,
      title: tr("console-forbidden-title"),
      body: html`<p class="notice error" role="alert">${tr("console-forbidden-text")}</p>
<p><a href="${consoleBase}">${tr("console-back-home")}</a></p>`,
    });
  };

  await app.register(metricsRoutes, {
    metrics,
    isAdmin: async (request) => request.consoleUser?.role === "admin",
  });

  // Pages get strict security headers and CSRF checks; bull-board (a prebuilt SPA) gets neither.
  await app.register(async (pages) => {
    addSecurityHeaders(pages, pageSecurityOptions);
    // Double-submit: the secret in a signed HttpOnly cookie, the token in the form, bound to
    // the session once signed in (a token from the login page is no good afterwards).
    await pages.register(fastifyCsrf, {
      sessionPlugin: "@fastify/cookie",
      cookieKey: "qoldau_csrf",
      cookieOpts: { path: "/", httpOnly: true, sameSite: "strict", secure: "auto", signed: true },
      getUserInfo: csrfBinding,
      csrfOpts: { hmacKey: derived("csrf-binding") },
    });
    await pages.register(fastifyStatic, {
      root: path.resolve("public"),
      prefix: `${assetsBase}/`,
      maxAge: deps.config.NODE_ENV === "production" ? "1h" : 0,
    });
    pages.addHook("preHandler", (request, reply, done) => {
      if (request.method !== "POST") return done();
      pages.csrfProtection(request, reply, done);
    });
    pages.setErrorHandler(async (error, request, reply) => {
      const err = error as { code?: string; statusCode?: number; message: string };
      const tr = t(request.lang);
      if (err.code === "FST_CSRF_INVALID_TOKEN" || err.code === "FST_CSRF_MISSING_SECRET") {
        return pageCtx.render(request, reply, {
          status: 403,
          title: tr("console-csrf-title"),
          body: html`<p class="notice error" role="alert">${tr("console-csrf-text")}</p>`,
        });
      }
      if (err.statusCode === 429) {
        return pageCtx.render(request, reply, {
          status: 429,
          title: tr("console-rate-limited-title"),
          body: html`<p class="notice error" role="alert">${tr("console-rate-limited-text")}</p>`,
        });
      }
      request.log.error({ err: error }, "console request failed");
      return pageCtx.render(request, reply, {
        status: err.statusCode && err.statusCode < 500 ? err.statusCode : 500,
        title: tr("console-error-title"),
        body: html`<p class="notice error" role="alert">${tr("console-error-text")}</p>`,
      });
    });
    for (const page of consolePages) await page.register(pages, pageCtx);
  });

  await app.register(queuesBoard, { ctx });
}
