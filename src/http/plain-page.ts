import type { FastifyReply, FastifyRequest } from "fastify";
import { html, type SafeHtml } from "../console/html.ts";
import { assetsBase } from "../console/layout.ts";
import { isLanguage, type Language, languages } from "../i18n.ts";

/** The page's language: `?lang=`, else the console's language cookie, else Kazakh. */
export function pageLanguage(request: FastifyRequest): Language {
  const wanted = (request.query as Record<string, unknown> | undefined)?.lang;
  if (isLanguage(wanted)) return wanted;
  const cookie = /(?:^|;\s*)qoldau_lang=(kk|ru)\b/.exec(request.headers.cookie ?? "")?.[1];
  return isLanguage(cookie) ? cookie : "kk";
}

/**
 * A small server-rendered page outside the console (the landing page, the setup link) with the
 * console's stylesheet and strict headers: no script, nothing from another origin, no framing.
 */
export function sendPlainPage(
  reply: FastifyReply,
  options: { lang: Language; path: string; title: string; body: SafeHtml; status?: number },
) {
  const other = languages.filter((l) => l !== options.lang);
  const page = html`<!doctype html>
<html lang="${options.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title}</title>
<link rel="stylesheet" href="${assetsBase}/theme.css">
<link rel="stylesheet" href="${assetsBase}/console.css">
</head>
<body class="login">
<main id="main" class="stack">
<p>${other.map((l) => html`<a href="${options.path}?lang=${l}" lang="${l}" hreflang="${l}">${l === "kk" ? "Қазақша" : "Русский"}</a>`)}</p>
<h1>${options.title}</h1>
${options.body}
</main>
</body>
</html>`;
  return reply
    .code(options.status ?? 200)
    .header(
      "content-security-policy",
      "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    )
    .header("x-content-type-options", "nosniff")
    .header("referrer-policy", "no-referrer")
    .header("cache-control", "no-store")
    .type("text/html; charset=utf-8")
    .send(page.value);
}
