import { userOf } from "../context.ts";
import { html } from "../html.ts";
import { consoleBase, csrfField } from "../layout.ts";
import type { ConsolePage } from "./page.ts";

const path = `${consoleBase}/admin/catalogue`;
const roles = ["admin"] as const;

export const cataloguePage: ConsolePage = {
  id: "catalogue",
  nav: { path, labelKey: "console-nav-catalogue", roles },
  register(app, ctx) {
    const show = (
      request: Parameters<typeof ctx.render>[0],
      reply: Parameters<typeof ctx.render>[1],
      result?: { ok: true; services: number; sources: number } | { ok: false; problems: string[] },
    ) => {
      const t = ctx.t(request.lang);
      const { catalogue } = ctx.deps.knowledge.current();
      return ctx.render(request, reply, {
        status: result && !result.ok ? 422 : 200,
        title: t("console-catalogue-title"),
        active: path,
        body: html`${
          result?.ok
            ? html`<p class="notice ok" role="status">${t("console-catalogue-reloaded", { services: result.services, sources: result.sources })}</p>`
            : result
              ? html`<div class="notice error" role="alert"><p>${t("console-catalogue-invalid")}</p><ul class="problems">${result.problems.map((p) => html`<li><code>${p}</code></li>`)}</ul></div>`
              : ""
        }
<dl class="facts card"><dt>${t("console-catalogue-dir")}</dt><dd><code>${catalogue.dir}</code></dd>
<dt>${t("console-catalogue-services")}</dt><dd>${catalogue.services.length}</dd>
<dt>${t("console-catalogue-sources")}</dt><dd>${catalogue.sources.length}</dd></dl>
<form method="post" action="${path}/reload" class="card stack">${csrfField(reply)}
<p class="hint">${t("console-catalogue-hint")}</p>
<button type="submit" class="primary">${t("console-catalogue-reload")}</button></form>`,
      });
    };

    app.get(path, { config: { roles } }, (request, reply) => show(request, reply));
    app.post(`${path}/reload`, { config: { roles } }, async (request, reply) => {
      const result = await ctx.reloadCatalogue();
      await ctx.audit.record(userOf(request).id, "catalogue.reload", "knowledge", {
        ok: result.ok,
        ...(result.ok ? {} : { problems: result.problems.length }),
      });
      return show(request, reply, result);
    });
  },
};
