import type { FastifyReply, FastifyRequest } from "fastify";
import { sql } from "kysely";
import { z } from "zod";
import type { Application } from "../../applications/registry.ts";
import { nextStage, refusalStatus } from "../../applications/stage-machine.ts";
import { STAGES, type Stage } from "../../applications/stages.ts";
import { formatStoredDate, formatStoredDateTime, today } from "../../time/local-time.ts";
import { userOf } from "../context.ts";
import { html, type SafeHtml } from "../html.ts";
import { consoleBase, csrfField } from "../layout.ts";
import { channelName, refusalGroundText, serviceName, stageStepper } from "../status-view.ts";
import type { ConsolePage, PageContext } from "./page.ts";

const path = `${consoleBase}/school`;
const roles = ["school_admin", "admin"] as const;

const moveSchema = z.object({
  action: z.enum(["advance", "refuse"]),
  /** The stage the form was drawn from: a form drawn before another change is stale. */
  from: z.enum(STAGES),
  ground: z.coerce.number().int().min(0).optional(),
});

/** The provider a request may see: a school admin's own, or the one an admin picked. */
function providerOf(request: FastifyRequest): string | undefined {
  const user = userOf(request);
  if (user.role === "school_admin") return user.providerId ?? undefined;
  const picked = (request.query as { provider?: unknown }).provider;
  return typeof picked === "string" && picked ? picked : undefined;
}

function todayAlmaty(now = new Date()): string {
  return today(now);
}

function isOverdue(app: Application, today: string): boolean {
  return app.stage !== "issued" && app.stage !== "refused" && app.deadline < today;
}

/** Parents subscribed to the school; undefined when the broadcasts tables are not there yet. */
async function subscriberCount(ctx: PageContext, providerId: string): Promise<number | undefined> {
  try {
    const result = await sql<{ n: number }>`
      select count(distinct s.chat_id) as n from subscription s
      join subscriber p on p.chat_id = s.chat_id
      where s.provider_id = ${providerId} and p.active = 1`.execute(ctx.deps.db);
    return Number(result.rows[0]?.n ?? 0);
  } catch {
    return undefined;
  }
}

async function providerName(ctx: PageContext, id: string, lang: "kk" | "ru"): Promise<string> {
  const row = await ctx.deps.db
    .selectFrom("provider")
    .select(["name_kk", "name_ru"])
    .where("id", "=", id)
    .executeTakeFirst()
    .catch(() => undefined);
  return row ? (lang === "kk" ? row.name_kk : row.name_ru) : id;
}

export const schoolPage: ConsolePage = {
  id: "school",
  nav: { path, labelKey: "console-nav-school", roles },
  register(app, ctx) {
    const refused = (request: FastifyRequest, reply: FastifyReply) => {
      const t = ctx.t(request.lang);
      return ctx.render(request, reply, {
        status: 403,
        title: t("console-forbidden-title"),
        body: html`<p class="notice error" role="alert">${t("console-school-not-yours")}</p><p><a href="${path}">${t("console-back-home")}</a></p>`,
      });
    };

    /** The application when the user may act on it; otherwise undefined (never says whose it is). */
    const ownApplication = async (request: FastifyRequest, id: string) => {
      const application = await ctx.deps.db
        .selectFrom("application")
        .selectAll()
        .where("id", "=", id)
        .executeTakeFirst();
      const user = userOf(request);
      if (!application) return undefined;
      if (user.role === "school_admin" && application.provider_id !== user.providerId)
        return undefined;
      return application;
    };

    const actions = (
      reply: FastifyReply,
      application: Application,
      t: (k: string) => string,
      lang: "kk" | "ru",
    ): SafeHtml => {
      const next = nextStage(application.stage as Stage);
      if (!next) return html``;
      const from = html`<input type="hidden" name="from" value="${application.stage}">`;
      const grounds =
        ctx.deps.knowledge.current().catalogue.getService(application.service_id)?.refusalGrounds ??
        [];
      const action = `${path}/applications/${encodeURIComponent(application.id)}/stage`;
      return html`<form method="post" action="${action}" class="inline">${csrfField(reply)}
<input type="hidden" name="action" value="advance">${from}<button type="submit" class="primary">${t("console-school-advance")}: ${t(`console-stage-${next}`)}</button></form>
${
  grounds.length > 0
    ? html`<details><summary>${t("console-school-refuse")}</summary><form method="post" action="${action}" class="stack">${csrfField(reply)}
<input type="hidden" name="action" value="refuse">${from}
<label for="ground-${application.id}">${t("console-school-ground")}</label>
<select id="ground-${application.id}" name="ground" required>${grounds.map((g, i) => html`<option value="${i}">${g.text[lang]}</option>`)}</select>
<button type="submit" class="danger">${t("console-school-refuse-submit")}</button></form></details>`
    : ""
}`;
    };

    app.get(path, { config: { roles } }, async (request, reply) => {
      const t = ctx.t(request.lang);
      const lang = request.lang;
      const providerId = providerOf(request);
      if (!providerId) {
        const providers = await ctx.deps.db
          .selectFrom("provider")
          .select(["id", "name_kk", "name_ru"])
          .orderBy("id")
          .execute()
          .catch(() => []);
        return ctx.render(request, reply, {
          title: t("console-school-title"),
          active: path,
          body: html`<form method="get" action="${path}" class="card stack"><label for="provider">${t("console-users-provider")}</label>
<select id="provider" name="provider">${providers.map((p) => html`<option value="${p.id}">${lang === "kk" ? p.name_kk : p.name_ru}</option>`)}</select>
<button type="submit">${t("console-school-open")}</button></form>`,
        });
      }
      const list = await ctx.deps.registry.listApplications(providerId);
      const today = todayAlmaty();
      const sorted = [...list].sort((a, b) => {
        const overdue = Number(isOverdue(b, today)) - Number(isOverdue(a, today));
        return overdue !== 0
          ? overdue
          : a.deadline.localeCompare(b.deadline) || a.id.localeCompare(b.id);
      });
      const subscribers = await subscriberCount(ctx, providerId);
      const overdueCount = sorted.filter((a) => isOverdue(a, today)).length;
      // Only an application of this list is named in the notice, never free text from the URL.
      const movedParam = (request.query as { moved?: unknown }).moved;
      const moved =
        typeof movedParam === "string" ? sorted.find((a) => a.id === movedParam)?.id : undefined;
      return ctx.render(request, reply, {
        title: await providerName(ctx, providerId, lang),
        active: path,
        body: html`${moved ? html`<p class="notice ok" role="status">${t("console-school-moved", { id: moved })}</p>` : ""}
<div class="kpi">
<div class="card"><div class="value">${sorted.length}</div>${t("console-school-applications")}</div>
<div class="card"><div class="value">${overdueCount}</div>${t("console-school-overdue")}</div>
${subscribers !== undefined ? html`<div class="card"><div class="value" id="subscribers">${subscribers}</div>${t("console-school-subscribers")}</div>` : ""}
</div>
${
  sorted.length === 0
    ? html`<p>${t("console-school-none")}</p>`
    : html`<div class="table-wrap"><table>
<caption>${t("console-school-caption")}</caption>
<thead><tr><th scope="col">${t("console-school-id")}</th><th scope="col">${t("console-status-service")}</th><th scope="col">${t("console-status-deadline")}</th><th scope="col">${t("console-school-stage")}</th><th scope="col">${t("console-school-actions")}</th></tr></thead>
<tbody>${sorted.map((a) => {
        const overdue = isOverdue(a, today);
        const ground = refusalGroundText(ctx.deps, a.service_id, a.refusal_ground, lang);
        return html`<tr class="${overdue ? "overdue" : ""}" data-application="${a.id}">
<td class="nowrap"><a href="${path}/applications/${encodeURIComponent(a.id)}">${a.id}</a></td>
<td>${serviceName(ctx.deps, a.service_id, lang)}</td>
<td>${a.deadline}${overdue ? html` <span class="badge overdue">${t("console-overdue")}</span>` : ""}</td>
<td>${stageStepper(a.stage, t)}${ground ? html`<p class="hint">${ground}</p>` : ""}</td>
<td>${actions(reply, a, t, lang)}</td></tr>`;
      })}</tbody></table></div>`
}`,
      });
    });

    app.get<{ Params: { id: string } }>(
      `${path}/applications/:id`,
      { config: { roles } },
      async (request, reply) => {
        const t = ctx.t(request.lang);
        const application = await ownApplication(request, request.params.id);
        if (!application) return refused(request, reply);
        const history = await ctx.deps.db
          .selectFrom("application_stage")
          .select(["stage", "at", "actor", "refusal_ground"])
          .where("application_id", "=", application.id)
          .orderBy("id")
          .execute();
        return ctx.render(request, reply, {
          title: `${t("console-school-application")} ${application.id}`,
          active: path,
          body: html`<section class="card">${stageStepper(application.stage, t)}
<dl class="facts"><dt>${t("console-status-service")}</dt><dd>${serviceName(ctx.deps, application.service_id, request.lang)}</dd>
<dt>${t("console-status-submitted")}</dt><dd>${formatStoredDate(application.submitted_at)}</dd>
<dt>${t("console-status-deadline")}</dt><dd>${application.deadline}</dd>
<dt>${t("console-status-channel")}</dt><dd>${channelName(application.channel, t)}</dd></dl>
${actions(reply, application, t, request.lang)}</section>
<h2>${t("console-status-history")}</h2>
<ol>${history.map((h) => html`<li>${formatStoredDateTime(h.at)} — ${t(`console-stage-${h.stage}`)} <span class="muted">(${h.actor})</span></li>`)}</ol>
<p><a href="${path}">← ${t("console-school-title")}</a></p>`,
        });
      },
    );

    app.post<{ Params: { id: string } }>(
      `${path}/applications/:id/stage`,
      { config: { roles } },
      async (request, reply) => {
        const t = ctx.t(request.lang);
        const application = await ownApplication(request, request.params.id);
        if (!application) return refused(request, reply);
        const parsed = moveSchema.safeParse(request.body);
        const notice = (status: number, key: string) =>
          ctx.render(request, reply, {
            status,
            title: t("console-error-title"),
            body: html`<p class="notice error" role="alert">${t(key)}</p><p><a href="${path}/applications/${encodeURIComponent(application.id)}">${t("security-stage-back")}</a></p>`,
          });
        if (!parsed.success) return notice(400, "security-stage-invalid");
        const user = userOf(request);
        const { from } = parsed.data;
        const stage = parsed.data.action === "advance" ? nextStage(from) : "refused";
        if (!stage) return notice(409, "security-stage-move_not_allowed");
        const result = await ctx.deps.registry.moveStage({
          applicationId: application.id,
          stage,
          actor:
            user.role === "school_admin"
              ? `provider:${application.provider_id}:user:${user.id}`
              : `admin:${user.id}`,
          refusalGround: stage === "refused" ? (parsed.data.ground ?? null) : null,
          expectedStage: from,
        });
        if (!result.changed && result.reason !== "same_stage") {
          const status =
            result.reason === "unknown_application" ? 404 : refusalStatus[result.reason];
          return notice(status, `security-stage-${result.reason}`);
        }
        await ctx.audit.record(user.id, "application.stage", `application:${application.id}`, {
          from: application.stage,
          to: stage,
          changed: result.changed,
          ...(stage === "refused" ? { ground: parsed.data.ground } : {}),
        });
        const back =
          user.role === "admin"
            ? `${path}?provider=${encodeURIComponent(application.provider_id)}&moved=${application.id}`
            : `${path}?moved=${application.id}`;
        return reply.redirect(back);
      },
    );
  },
};
