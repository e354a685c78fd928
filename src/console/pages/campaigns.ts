import type { FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import {
  assertMayTarget,
  type Campaign,
  type CampaignActor,
  CampaignForbiddenError,
  type CampaignInput,
  campaignProgress,
  countAudience,
  getCampaign,
  listCampaigns,
  mayView,
} from "../../broadcasts/campaigns.ts";
import { gradesOfInterest } from "../../broadcasts/grades.ts";
import { isQuiet, parseQuietHours } from "../../broadcasts/quiet-hours.ts";
import type { Language } from "../../i18n.ts";
import { listRegions } from "../../providers/directory.ts";
import { formatStoredDateTime, parseLocalDateTime } from "../../time/local-time.ts";
import { type Translate, userOf } from "../context.ts";
import { html, type SafeHtml } from "../html.ts";
import { consoleBase, csrfField } from "../layout.ts";
import type { ConsolePage, PageContext } from "./page.ts";

const path = `${consoleBase}/campaigns`;
const roles = ["school_admin", "admin"] as const;

/** The form as posted; `scheduledAt` is local Almaty time from `<input type="datetime-local">`. */
const formSchema = z.object({
  intent: z.enum(["preview", "send"]).default("preview"),
  scope: z.enum(["provider", "region", "all"]).default("provider"),
  providerId: z.string().optional(),
  regionId: z.string().optional(),
  grade: z.string().optional(),
  // Telegram takes 4096 characters, and the unsubscribe line and markup need room.
  textKk: z.string().max(3500).default(""),
  textRu: z.string().max(3500).default(""),
  scheduledAt: z.string().max(20).optional(),
});
type CampaignForm = z.infer<typeof formSchema>;

function actorOf(request: FastifyRequest): CampaignActor {
  const user = userOf(request);
  return { role: user.role, providerId: user.providerId, name: user.email };
}

/** A school admin's form has no audience fields: their own school; anything else posted is refused. */
function toInput(form: CampaignForm, actor: CampaignActor): CampaignInput {
  const scope = form.scope;
  const providerId =
    form.providerId || (actor.role === "admin" ? undefined : (actor.providerId ?? undefined));
  const grade = gradesOfInterest.find((g) => g === form.grade);
  // The form's datetime-local value is Almaty's wall clock.
  const scheduledAt = form.scheduledAt
    ? (parseLocalDateTime(form.scheduledAt) ?? new Date(Number.NaN))
    : undefined;
  return {
    scope,
    ...(providerId ? { providerId } : {}),
    ...(form.regionId ? { regionId: form.regionId } : {}),
    ...(grade ? { grade } : {}),
    textKk: form.textKk,
    textRu: form.textRu,
    ...(scheduledAt && !Number.isNaN(scheduledAt.getTime()) ? { scheduledAt } : {}),
  };
}

const gradeKey = (grade: string) => `subscriptions-grade-${grade.replaceAll("_", "-")}`;

function statusBadge(campaign: Campaign, t: Translate): SafeHtml {
  const cls =
    campaign.status === "completed" ? "ok" : campaign.status === "cancelled" ? "error" : "";
  return html`<span class="badge ${cls}">${t(`broadcasts-console-status-${campaign.status}`)}</span>`;
}

/** What a parent sees in Telegram: the text in their language and the unsubscribe button. */
function parentPreview(
  text: string,
  lang: Language,
  t: (l: Language, k: string) => string,
): SafeHtml {
  return html`<figure class="card telegram-preview" lang="${lang}">
<figcaption class="muted">${lang === "kk" ? "Қазақша" : "Русский"}</figcaption>
<p class="preview-text">${text}</p>
<p><span class="badge">${t(lang, "broadcasts-unsubscribe-button")}</span></p></figure>`;
}

/**
 * Reminder campaigns: compose in Kazakh and Russian, pick the audience (school admins: their
 * own school's subscribers; admins: a school, a region or everyone), preview, send now or
 * schedule, follow progress, cancel, read the delivery report.
 */
export const campaignsPage: ConsolePage = {
  id: "campaigns",
  nav: { path, labelKey: "broadcasts-console-nav", roles },
  register(app, ctx: PageContext) {
    const tIn = (lang: Language, key: string) => ctx.t(lang)(key);

    const forbidden = (request: FastifyRequest, reply: FastifyReply) => {
      const t = ctx.t(request.lang);
      return ctx.render(request, reply, {
        status: 403,
        title: t("broadcasts-console-forbidden"),
        body: html`<p class="notice error" role="alert">${t("broadcasts-console-forbidden")}</p><p><a href="${path}">${t("broadcasts-console-back")}</a></p>`,
      });
    };

    async function composeForm(
      request: FastifyRequest,
      reply: FastifyReply,
      form?: CampaignForm,
    ): Promise<SafeHtml> {
      const t = ctx.t(request.lang);
      const actor = actorOf(request);
      const lang = request.lang;
      const admin = actor.role === "admin";
      const providers = admin
        ? await ctx.deps.db
            .selectFrom("provider")
            .select(["id", "name_kk", "name_ru"])
            .orderBy("id")
            .execute()
        : [];
      const regions = admin ? await listRegions(ctx.deps.db) : [];
      const selected = (a: string | undefined, b: string) => (a === b ? html` selected` : "");
      return html`<form method="post" action="${path}" class="card stack" id="compose">${csrfField(reply)}
<h2>${t("broadcasts-console-new")}</h2>
<label for="textKk">${t("broadcasts-console-text-kk")}</label>
<textarea id="textKk" name="textKk" required maxlength="3500" lang="kk">${form?.textKk ?? ""}</textarea>
<label for="textRu">${t("broadcasts-console-text-ru")}</label>
<textarea id="textRu" name="textRu" required maxlength="3500" lang="ru">${form?.textRu ?? ""}</textarea>
${
  admin
    ? html`<label for="scope">${t("broadcasts-console-audience")}</label>
<select id="scope" name="scope">
<option value="provider"${selected(form?.scope, "provider")}>${t("broadcasts-console-scope-provider")}</option>
<option value="region"${selected(form?.scope, "region")}>${t("broadcasts-console-scope-region")}</option>
<option value="all"${selected(form?.scope, "all")}>${t("broadcasts-console-scope-all")}</option></select>
<label for="providerId">${t("broadcasts-console-school")}</label>
<select id="providerId" name="providerId">${providers.map((p) => html`<option value="${p.id}"${selected(form?.providerId, p.id)}>${lang === "kk" ? p.name_kk : p.name_ru}</option>`)}</select>
<label for="regionId">${t("broadcasts-console-region")}</label>
<select id="regionId" name="regionId">${regions.map((r) => html`<option value="${r.region_id}"${selected(form?.regionId, r.region_id)}>${lang === "kk" ? r.region_kk : r.region_ru}</option>`)}</select>`
    : html`<p class="hint">${t("broadcasts-console-own-school")}</p>`
}
<label for="grade">${t("broadcasts-console-grade")}</label>
<select id="grade" name="grade"><option value="">${t("broadcasts-console-grade-any")}</option>${gradesOfInterest.map((g) => html`<option value="${g}"${selected(form?.grade, g)}>${t(gradeKey(g))}</option>`)}</select>
<label for="scheduledAt">${t("broadcasts-console-when")}</label>
<input type="datetime-local" id="scheduledAt" name="scheduledAt" value="${form?.scheduledAt ?? ""}">
<p class="hint">${t("broadcasts-console-when-hint")}</p>
<div class="inline"><button type="submit" name="intent" value="preview">${t("broadcasts-console-preview")}</button>
<button type="submit" name="intent" value="send" class="primary">${t("broadcasts-console-send")}</button></div></form>`;
    }

    app.get(path, { config: { roles } }, async (request, reply) => {
      const t = ctx.t(request.lang);
      const campaigns = await listCampaigns(ctx.deps.db, actorOf(request));
      const rows = await Promise.all(
        campaigns.map(async (c) => ({
          campaign: c,
          progress: await campaignProgress(ctx.deps.db, c.id),
        })),
      );
      return ctx.render(request, reply, {
        title: t("broadcasts-console-title"),
        active: path,
        body: html`${await composeForm(request, reply)}
<h2>${t("broadcasts-console-list")}</h2>
${
  rows.length === 0
    ? html`<p>${t("broadcasts-console-none")}</p>`
    : html`<div class="table-wrap"><table><thead><tr><th scope="col">№</th><th scope="col">${t("broadcasts-console-created")}</th><th scope="col">${t("broadcasts-console-text-kk")}</th><th scope="col">${t("broadcasts-console-state")}</th><th scope="col">${t("broadcasts-console-progress")}</th></tr></thead>
<tbody>${rows.map(
        ({
          campaign: c,
          progress: p,
        }) => html`<tr data-campaign="${c.id}"><td><a href="${path}/${c.id}">${c.id}</a></td><td class="nowrap">${formatStoredDateTime(c.scheduled_at)}</td><td>${c.text_kk.slice(0, 80)}</td><td>${statusBadge(c, t)}</td>
<td><progress max="100" value="${p.percent}">${p.percent}%</progress> ${p.sent}/${p.total}</td></tr>`,
      )}</tbody></table></div>`
}`,
      });
    });

    app.post(path, { config: { roles } }, async (request, reply) => {
      const t = ctx.t(request.lang);
      const actor = actorOf(request);
      const parsed = formSchema.safeParse(request.body ?? {});
      if (!parsed.success)
        return ctx.render(request, reply, {
          status: 400,
          title: t("broadcasts-console-preview"),
          active: path,
          body: html`<p class="notice error" role="alert">${t("security-bad-campaign")}</p><p><a href="${path}">${t("security-back")}</a></p>`,
        });
      const form = parsed.data;
      const input = toInput(form, actor);
      try {
        assertMayTarget(actor, input);
      } catch (error) {
        if (error instanceof CampaignForbiddenError) return forbidden(request, reply);
        throw error;
      }
      const problems: string[] = [];
      if (!input.textKk.trim()) problems.push(t("broadcasts-console-need-kk"));
      if (!input.textRu.trim()) problems.push(t("broadcasts-console-need-ru"));
      // A campaign is sent within the coming year, not in 1970 or 9999.
      if (form.scheduledAt) {
        const at = input.scheduledAt?.getTime();
        const now = Date.now();
        if (at === undefined || at < now - 10 * 60_000 || at > now + 366 * 86_400_000)
          problems.push(t("security-campaign-date"));
      }
      const audience = await countAudience(ctx.deps.db, {
        scope: input.scope,
        providerId: input.providerId ?? null,
        regionId: input.regionId ?? null,
        grade: input.grade ?? null,
      });
      const service = ctx.deps.broadcasts;
      if (form.intent === "send" && problems.length === 0 && service) {
        const campaign = await service.create(actor, input);
        await ctx.audit.record(userOf(request).id, "campaign.create", `campaign:${campaign.id}`, {
          scope: campaign.scope,
          grade: campaign.grade,
          audience,
        });
        return reply.redirect(`${path}/${campaign.id}`, 303);
      }
      if (!service) problems.push(t("broadcasts-console-unavailable"));
      return ctx.render(request, reply, {
        status: problems.length > 0 && form.intent === "send" ? 400 : 200,
        title: t("broadcasts-console-preview"),
        active: path,
        body: html`${problems.map((p) => html`<p class="notice error" role="alert">${p}</p>`)}
<section aria-labelledby="preview-title"><h2 id="preview-title">${t("broadcasts-console-preview-title")}</h2>
<p id="audience">${t("broadcasts-console-audience-count", { count: audience })}</p>
<div class="service-cards">${parentPreview(input.textKk, "kk", tIn)}${parentPreview(input.textRu, "ru", tIn)}</div></section>
${await composeForm(request, reply, form)}`,
      });
    });

    const ownCampaign = async (request: FastifyRequest, id: string) => {
      const campaign = await getCampaign(ctx.deps.db, Number(id));
      return campaign && mayView(actorOf(request), campaign) ? campaign : undefined;
    };

    app.get<{ Params: { id: string } }>(
      `${path}/:id`,
      { config: { roles } },
      async (request, reply) => {
        const t = ctx.t(request.lang);
        const campaign = await ownCampaign(request, request.params.id);
        if (!campaign) return forbidden(request, reply);
        const progress = await campaignProgress(ctx.deps.db, campaign.id);
        const running = campaign.status === "scheduled" || campaign.status === "sending";
        const errors = await ctx.deps.db
          .selectFrom("campaign_recipient")
          .select(["status", "error", (eb) => eb.fn.countAll<number>().as("n")])
          .where("campaign_id", "=", campaign.id)
          .where("status", "in", ["failed", "blocked"])
          .groupBy(["status", "error"])
          .execute();
        if (running) reply.header("refresh", "3");
        const { QUIET_HOURS, QUIET_HOURS_TIMEZONE } = ctx.deps.config;
        const paused =
          running && isQuiet(parseQuietHours(QUIET_HOURS, QUIET_HOURS_TIMEZONE), new Date());
        return ctx.render(request, reply, {
          title: `${t("broadcasts-console-campaign")} № ${campaign.id}`,
          active: path,
          body: html`${paused ? html`<p class="notice warn" role="status" id="quiet">${t("broadcasts-console-quiet", { hours: QUIET_HOURS })}</p>` : ""}
<p>${statusBadge(campaign, t)} ${t("broadcasts-console-scheduled-for")} ${formatStoredDateTime(campaign.scheduled_at)}</p>
<section class="card" aria-live="polite" id="progress">
<progress max="100" value="${progress.percent}" aria-label="${t("broadcasts-console-progress")}">${progress.percent}%</progress> <strong>${progress.percent}%</strong>
<div class="kpi">
<div class="card"><div class="value" id="sent">${progress.sent}</div>${t("broadcasts-console-sent")}</div>
<div class="card"><div class="value" id="pending">${progress.pending}</div>${t("broadcasts-console-pending")}</div>
<div class="card"><div class="value" id="failed">${progress.failed}</div>${t("broadcasts-console-failed")}</div>
<div class="card"><div class="value" id="blocked">${progress.blocked}</div>${t("broadcasts-console-blocked")}</div>
<div class="card"><div class="value" id="cancelled">${progress.cancelled}</div>${t("broadcasts-console-cancelled")}</div>
</div></section>
${
  running
    ? html`<form method="post" action="${path}/${campaign.id}/cancel" class="inline">${csrfField(reply)}<button type="submit" class="danger">${t("broadcasts-console-cancel")}</button></form>`
    : html`<section id="report"><h2>${t("broadcasts-console-report")}</h2>
<p>${t("broadcasts-console-report-summary", { total: progress.total, sent: progress.sent, failed: progress.failed, blocked: progress.blocked })}</p>
${
  errors.length > 0
    ? html`<table><thead><tr><th scope="col">${t("broadcasts-console-state")}</th><th scope="col">${t("broadcasts-console-error")}</th><th scope="col">${t("broadcasts-console-count")}</th></tr></thead>
<tbody>${errors.map((e) => html`<tr><td>${t(`broadcasts-console-${e.status}`)}</td><td>${e.error ?? ""}</td><td>${Number(e.n)}</td></tr>`)}</tbody></table>`
    : ""
}</section>`
}
<div class="service-cards">${parentPreview(campaign.text_kk, "kk", tIn)}${parentPreview(campaign.text_ru, "ru", tIn)}</div>
<p><a href="${path}">${t("broadcasts-console-back")}</a></p>`,
        });
      },
    );

    app.post<{ Params: { id: string } }>(
      `${path}/:id/cancel`,
      { config: { roles } },
      async (request, reply) => {
        const campaign = await ownCampaign(request, request.params.id);
        const service = ctx.deps.broadcasts;
        if (!campaign || !service) return forbidden(request, reply);
        await service.cancel(actorOf(request), campaign.id);
        await ctx.audit.record(userOf(request).id, "campaign.cancel", `campaign:${campaign.id}`);
        return reply.redirect(`${path}/${campaign.id}`, 303);
      },
    );
  },
};
