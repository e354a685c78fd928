import { z } from "zod";
import { formatStoredDateTime } from "../../time/local-time.ts";
import { html } from "../html.ts";
import { consoleBase } from "../layout.ts";
import type { ConsolePage } from "./page.ts";

const path = `${consoleBase}/admin/audit`;
const roles = ["admin"] as const;
const querySchema = z.object({
  action: z.string().max(60).optional(),
  subject: z.string().max(80).optional(),
});

const actions = [
  "status.lookup",
  "application.stage",
  "answer.flag",
  "user.create",
  "user.update",
  "catalogue.reload",
];

export const auditPage: ConsolePage = {
  id: "audit",
  nav: { path, labelKey: "console-nav-audit", roles },
  register(app, ctx) {
    app.get(path, { config: { roles } }, async (request, reply) => {
      const t = ctx.t(request.lang);
      const parsed = querySchema.safeParse(request.query);
      const filter = parsed.success ? parsed.data : {};
      const entries = await ctx.audit.recent({
        ...(filter.action ? { action: filter.action } : {}),
        ...(filter.subject ? { subject: filter.subject.trim() } : {}),
        limit: 200,
      });
      return ctx.render(request, reply, {
        title: t("console-audit-title"),
        active: path,
        body: html`<form method="get" action="${path}" class="card inline" role="search">
<label for="audit-action">${t("console-audit-action")}</label>
<select id="audit-action" name="action"><option value="">—</option>${actions.map(
          (a) =>
            html`<option value="${a}"${a === filter.action ? html` selected` : ""}>${a}</option>`,
        )}</select>
<label for="audit-subject">${t("console-audit-subject")}</label>
<input id="audit-subject" name="subject" value="${filter.subject ?? ""}" placeholder="application:65H9-THPJ-H6NA">
<button type="submit">${t("console-search-submit")}</button></form>
<div class="table-wrap"><table><caption>${t("console-audit-caption", { count: entries.length })}</caption>
<thead><tr><th scope="col">${t("console-feedback-when")}</th><th scope="col">${t("console-audit-who")}</th><th scope="col">${t("console-audit-action")}</th><th scope="col">${t("console-audit-subject")}</th><th scope="col">${t("console-audit-detail")}</th></tr></thead>
<tbody>${entries.map(
          (e) =>
            html`<tr><td class="nowrap">${formatStoredDateTime(e.at)}</td><td>${e.email ?? e.userId}</td><td><code>${e.action}</code></td><td><code>${e.subject}</code></td><td><code>${e.detail ? JSON.stringify(e.detail) : ""}</code></td></tr>`,
        )}</tbody></table></div>`,
      });
    });
  },
};
