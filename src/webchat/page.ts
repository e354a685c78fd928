import type { I18n } from "@grammyjs/i18n";
import { type Language, languages } from "../i18n.ts";
import { escapeHtml as e } from "../infra/html.ts";

/** The texts the page's script needs, by key (Fluent ids `webchat-*`). */
const scriptTexts = [
  "typing",
  "connecting",
  "offline",
  "too-fast",
  "too-long",
  "stale-button",
  "error",
  "document",
  "you",
  "bot",
  "quick-replies",
] as const;

/**
 * The chat page: a server-rendered shell (heading, log, form) that works with a screen reader
 * and a keyboard; `chat.js` fills the log. No external resource, no inline script or style.
 */
export function chatPage(
  i18n: I18n,
  lang: Language,
  embed: boolean,
  /** In a frame: the embedding page's origin (kept across a language switch). */
  host?: string,
): string {
  const t = (key: string) => i18n.t(lang, `webchat-${key}`);
  const texts = Object.fromEntries(scriptTexts.map((key) => [key, t(key)]));
  const other = languages.filter((l) => l !== lang);
  const switchTo = (l: Language) =>
    `<a href="/chat?lang=${l}${embed ? `&amp;embed=1${host ? `&amp;host=${encodeURIComponent(host)}` : ""}` : ""}" hreflang="${l}" lang="${l}">${l === "kk" ? "Қазақша" : "Русский"}</a>`;
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>${e(t("title"))}</title>
<link rel="stylesheet" href="/chat/assets/theme.css">
<link rel="stylesheet" href="/chat/assets/chat.css">
<script type="application/json" id="webchat-texts">${JSON.stringify(texts).replaceAll("<", "\\u003c")}</script>
<script src="/chat/assets/chat.js" defer></script>
</head>
<body class="${embed ? "embed" : "page"}" data-embed="${embed ? "1" : "0"}" data-lang="${lang}">
<main class="chat">
<header class="chat-header">
<h1>${e(t("heading"))}</h1>
<nav aria-label="${e(t("language"))}">${other.map(switchTo).join(" ")}</nav>
</header>
<p class="intro">${e(t("intro"))}</p>
<div id="log" class="log" role="log" aria-live="polite" aria-label="${e(t("log-label"))}" tabindex="0"></div>
<p id="status" class="status" role="status" aria-live="polite"></p>
<div id="quick" class="quick" role="group" aria-label="${e(t("quick-replies"))}" hidden></div>
<form id="composer" class="composer" autocomplete="off">
<label for="text" class="visually-hidden">${e(t("input-label"))}</label>
<textarea id="text" name="text" rows="1" maxlength="4096" required placeholder="${e(t("input-placeholder"))}"></textarea>
<button type="submit">${e(t("send"))}</button>
</form>
<p class="privacy">${e(t("privacy"))}</p>
</main>
</body>
</html>`;
}
