import { z } from "zod";
import { parseApplicationId } from "../../applications/id.ts";
import type { LookupAnswer } from "../../applications/lookups.ts";
import type { Language } from "../../i18n.ts";
import { formatStoredDate, formatStoredDateTime } from "../../time/local-time.ts";
import { type Translate, userOf } from "../context.ts";
import { html, type SafeHtml } from "../html.ts";
import { consoleBase, csrfField } from "../layout.ts";
import { channelName, refusalGroundText, serviceName, stageStepper } from "../status-view.ts";
import type { ConsolePage, PageContext } from "./page.ts";

const path = `${consoleBase}/status`;
const roles = ["operator", "admin"] as const;
const waitMs = 4000;

const lookupSchema = z.object({
  applicationId: z.string().trim().min(1).max(40),
  method: z.enum(["none", "phone", "pin"]).default("none"),
  proof: z.string().trim().max(40).optional().default(""),
});

function resultView(
  ctx: PageContext,
  answer: LookupAnswer,
  lang: Language,
  t: Translate,
): SafeHtml {
  if (answer.outcome === "pending")
    return html`<p class="notice warn" role="status">${t("console-status-pending")}</p>`;
  if (answer.outcome === "not_found")
    return html`<p class="notice warn" role="status">${t("console-status-not-found")}</p>`;
  if (answer.outcome === "unavailable")
    return html`<p class="notice error" role="alert">${t("console-status-unavailable")}</p>`;
  const s = answer.status;
  const common = html`<dt>${t("console-status-service")}</dt><dd>${serviceName(ctx.deps, s.serviceId, lang)}</dd>
<dt>${t("console-status-state")}</dt><dd>${t(`console-state-${s.state}`)}</dd>
<dt>${t("console-status-deadline")}</dt><dd>${s.deadline}${s.overdue ? html` <span class="badge overdue">${t("console-overdue")}</span>` : ""}</dd>`;
  if (answer.view === "coarse") {
    return html`<section class="card" aria-labelledby="status-result" tabindex="-1" autofocus><h2 id="status-result">${s.applicationId}</h2>
<p class="notice warn">${t("console-status-coarse-note")}</p><dl class="facts">${common}</dl></section>`;
  }
  const d = answer.status;
  const ground = refusalGroundText(ctx.deps, d.serviceId, d.refusalGround, lang);
  return html`<section class="card" aria-labelledby="status-result" tabindex="-1" autofocus><h2 id="status-result">${d.applicationId} <span class="badge ok">${t("console-status-verified")}</span></h2>
${stageStepper(d.stage, t)}
<dl class="facts">${common}
<dt>${t("console-status-stage-at")}</dt><dd>${formatStoredDateTime(d.stageAt)}</dd>
<dt>${t("console-status-submitted")}</dt><dd>${formatStoredDate(d.submittedAt)}</dd>
<dt>${t("console-status-channel")}</dt><dd>${channelName(d.channel, t)}</dd>
${ground ? html`<dt>${t("console-status-refusal")}</dt><dd>${ground}</dd>` : ""}
</dl>
<h3>${t("console-status-history")}</h3>
<ol>${d.history.map((h) => html`<li>${formatStoredDateTime(h.at)} — ${t(`console-stage-${h.stage}`)}</li>`)}</ol>
</section>`;
}

export const statusPage: ConsolePage = {
  id: "status",
  nav: { path, labelKey: "console-nav-status", roles },
  register(app, ctx) {
    const form = (
      request: Parameters<typeof ctx.render>[0],
      reply: Parameters<typeof ctx.render>[1],
      result?: SafeHtml,
      values: { applicationId?: string; method?: string } = {},
    ) => {
      const t = ctx.t(request.lang);
      const method = values.method ?? "none";
      const radio = (value: string, label: string) =>
        html`<label><input type="radio" name="method" value="${value}"${method === value ? html` checked` : ""}> ${label}</label>`;
      return ctx.render(request, reply, {
        title: t("console-status-title"),
        active: path,
        body: html`<form method="post" action="${path}" class="card stack">${csrfField(reply)}
<label for="application-id">${t("console-status-id")}</label>
<input id="application-id" name="applicationId" required${result ? "" : html` autofocus`} autocomplete="off" spellcheck="false" value="${values.applicationId ?? ""}" aria-describedby="id-hint">
<p class="hint" id="id-hint">${t("console-status-id-hint")}</p>
<fieldset><legend>${t("console-status-verify")}</legend>
<p class="notice warn" id="verify-prompt">${t("console-status-verify-prompt")}</p>
${radio("none", t("console-status-verify-none"))}
${radio("phone", t("console-status-verify-phone"))}
${radio("pin", t("console-status-verify-pin"))}
<label for="proof">${t("console-status-proof")}</label>
<input id="proof" name="proof" autocomplete="off" inputmode="tel" aria-describedby="verify-prompt">
</fieldset>
<button type="submit" class="primary">${t("console-status-submit")}</button>
</form>
${result ?? ""}`,
      });
    };

    app.get(path, { config: { roles } }, (request, reply) => form(request, reply));

    app.post(path, { config: { roles } }, async (request, reply) => {
      const t = ctx.t(request.lang);
      const lookups = ctx.deps.statusLookups;
      const parsed = lookupSchema.safeParse(request.body);
      if (!parsed.success) {
        return form(
          request,
          reply,
          html`<p class="notice error" role="alert">${t("console-status-invalid")}</p>`,
        );
      }
      const user = userOf(request);
      const { applicationId, method, proof } = parsed.data;
      const outcome = await lookups.requestLookup({
        applicationId,
        requester: { kind: "operator", operatorId: user.id },
        ...(method === "phone" && proof ? { proof: { phone: proof } } : {}),
        ...(method === "pin" && proof ? { proof: { pin: proof } } : {}),
      });
      let result: SafeHtml;
      let auditOutcome: string;
      if (!outcome.ok) {
        auditOutcome = outcome.reason;
        const text =
          outcome.reason === "malformed_id"
            ? t("console-status-malformed")
            : outcome.reason === "rate_limited"
              ? t("console-status-rate-limited", { seconds: outcome.retryAfterSeconds })
              : t("console-status-unavailable");
        result = html`<p class="notice error" role="alert">${text}</p>`;
      } else {
        const answer = await lookups.waitForResult(outcome.jobId, waitMs);
        auditOutcome = answer.outcome === "found" ? `found:${answer.view}` : answer.outcome;
        const proofNote =
          outcome.proof === "rejected"
            ? html`<p class="notice error" role="alert">${t("console-status-proof-rejected")}</p>`
            : "";
        result = html`${proofNote}${resultView(ctx, answer, request.lang, t)}`;
      }
      const validId = parseApplicationId(applicationId);
      // Audited with the method only: the phone or PIN itself is never stored.
      await ctx.audit.record(
        user.id,
        "status.lookup",
        // Only a valid ID is kept: a mistyped one may be an IIN or a phone number.
        `application:${validId.ok ? validId.id : "malformed"}`,
        {
          method,
          proof: outcome.ok ? (outcome.proof ?? "none") : "none",
          outcome: auditOutcome,
        },
      );
      return form(request, reply, result, { applicationId, method });
    });
  },
};
