import type { FastifyInstance } from "fastify";
import { html } from "../../console/html.ts";
import type { AppDeps } from "../../deps.ts";
import { pageLanguage, sendPlainPage } from "../plain-page.ts";

/** `GET /`: what Qoldau is, where its parts are, and how to connect a Telegram bot. */
export async function landingRoutes(app: FastifyInstance, deps: AppDeps) {
  app.get("/", async (request, reply) => {
    const lang = pageLanguage(request);
    const t = (key: string, vars?: Record<string, string>) => deps.i18n.t(lang, key, vars);
    const origin = `${request.protocol}://${request.host}`;
    const link = (href: string, label: string, text: string) =>
      html`<li><a href="${href}">${label}</a> — ${text}</li>`;
    return sendPlainPage(reply, {
      lang,
      path: "/",
      title: t("landing-title"),
      body: html`<p>${t("landing-lead")}</p>
<ul>
${link(`/chat?lang=${lang}`, t("landing-chat"), t("landing-chat-text"))}
${link(`/console?lang=${lang}`, t("landing-console"), t("landing-console-text"))}
${link("/healthz", t("landing-health"), t("landing-health-text"))}
${link("/metrics", t("landing-metrics"), t("landing-metrics-text"))}
</ul>
<h2>${t("landing-bot-heading")}</h2>
<p>${t("landing-bot-state", { state: deps.botStatus() })}</p>
<ol>
<li>${t("landing-bot-step-1")}</li>
<li>${t("landing-bot-step-2")}</li>
<li>${t("landing-bot-step-3")}</li>
</ol>
<h2>${t("landing-embed-heading")}</h2>
<p>${t("landing-embed-text")}</p>
<pre><code>&lt;script src="${origin}/chat/embed.js" data-lang="${lang}" defer&gt;&lt;/script&gt;</code></pre>`,
    });
  });
}
