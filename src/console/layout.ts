import type { FastifyReply, FastifyRequest } from "fastify";
import type { Role } from "../users/roles.ts";
import type { ConsoleContext } from "./context.ts";
import { html, type SafeHtml } from "./html.ts";

export const consoleBase = "/console";
export const assetsBase = `${consoleBase}/assets`;

/** One entry of the navigation, shown to the roles that may open it. */
export interface NavItem {
  path: string;
  /** Message id in console.ftl. */
  labelKey: string;
  roles: readonly Role[];
}

export interface PageOptions {
  /** Message id or already translated title. */
  title: string;
  /** Path of the active navigation entry. */
  active?: string;
  body: SafeHtml;
  status?: number;
  /** Extra class on <body>, e.g. "login". */
  bodyClass?: string;
}

/** A hidden CSRF field for a form that POSTs; every console POST checks it. */
export function csrfField(reply: FastifyReply): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${csrfToken(reply)}">`;
}

/** What a CSRF token is bound to: the signed-in session, or nobody before signing in. */
export function csrfBinding(request: FastifyRequest): string {
  return request.consoleUser ? `session:${request.session.sessionId}` : "anonymous";
}

/**
 * One token per response: a first visit has no secret cookie yet, and each generation would
 * set a new secret, leaving the earlier tokens on the page without theirs.
 */
const tokens = new WeakMap<FastifyReply, string>();

/** Empty outside the pages scope (e.g. the 403 page drawn for bull-board), where no form posts. */
export function csrfToken(reply: FastifyReply): string {
  if (typeof reply.generateCsrf !== "function") return "";
  let token = tokens.get(reply);
  if (token === undefined) {
    // A stand-in reply (cached fragments) has no request and only marks where the token goes.
    token = reply.request
      ? reply.generateCsrf({ userInfo: csrfBinding(reply.request) })
      : reply.generateCsrf();
    tokens.set(reply, token);
  }
  return token;
}

function languageSwitch(request: FastifyRequest, ctx: ConsoleContext): SafeHtml {
  const t = ctx.t(request.lang);
  const path = request.url.split("?")[0] ?? consoleBase;
  const link = (lang: "kk" | "ru", label: string) =>
    request.lang === lang
      ? html`<span class="lang-current" aria-current="true" lang="${lang}">${label}</span>`
      : html`<a href="${path}?lang=${lang}" lang="${lang}" hreflang="${lang}">${label}</a>`;
  return html`<nav class="lang-switch" aria-label="${t("console-language")}">${link("kk", "Қазақша")} ${link("ru", "Русский")}</nav>`;
}

/** The shared page shell: header, role-filtered navigation, language switch, main. */
export function renderPage(
  ctx: ConsoleContext,
  nav: readonly NavItem[],
  request: FastifyRequest,
  reply: FastifyReply,
  options: PageOptions,
) {
  const t = ctx.t(request.lang);
  const user = request.consoleUser;
  const items = user ? nav.filter((item) => item.roles.includes(user.role)) : [];
  const page = html`<!doctype html>
<html lang="${request.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="csrf-token" content="${csrfToken(reply)}">
<title>${options.title} · ${t("console-app-name")}</title>
<link rel="stylesheet" href="${assetsBase}/theme.css">
<link rel="stylesheet" href="${assetsBase}/console.css">
<script src="${assetsBase}/console.js" defer></script>
</head>
<body class="${options.bodyClass ?? ""}">
<a class="skip-link" href="#main">${t("console-skip-to-content")}</a>
<header class="top">
  <a class="brand" href="${consoleBase}">${t("console-app-name")}</a>
  ${
    items.length > 0
      ? html`<nav class="main-nav" aria-label="${t("console-navigation")}"><ul>${items.map(
          (item) =>
            html`<li><a href="${item.path}"${options.active === item.path ? html` aria-current="page"` : ""}>${t(item.labelKey)}</a></li>`,
        )}</ul></nav>`
      : ""
  }
  <div class="top-end">
    ${languageSwitch(request, ctx)}
    ${
      user
        ? html`<form method="post" action="${consoleBase}/logout" class="logout">${csrfField(reply)}<span class="who" title="${t(`console-role-${user.role}`)}">${user.displayName ?? user.email}</span> <button type="submit" class="link">${t("console-logout")}</button></form>`
        : ""
    }
  </div>
</header>
<main id="main" tabindex="-1">
<h1>${options.title}</h1>
${options.body}
</main>
</body>
</html>`;
  return reply
    .code(options.status ?? 200)
    .type("text/html; charset=utf-8")
    .header("cache-control", "no-store")
    .send(page.value);
}
