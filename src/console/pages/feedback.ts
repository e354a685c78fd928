import { formatStoredDateTime } from "../../time/local-time.ts";
import { userOf } from "../context.ts";
import { html } from "../html.ts";
import { consoleBase, csrfField } from "../layout.ts";
import type { ConsolePage } from "./page.ts";

const path = `${consoleBase}/feedback`;
const roles = ["operator", "admin"] as const;

export const feedbackPage: ConsolePage = {
  id: "feedback",
  nav: { path, labelKey: "console-nav-feedback", roles },
  register(app, ctx) {
    app.get(path, { config: { roles } }, async (request, reply) => {
      const t = ctx.t(request.lang);
      const flags = await ctx.deps.db
        .selectFrom("console_flag")
        .leftJoin("users", "users.id", "console_flag.created_by")
        .select([
          "console_flag.id",
          "console_flag.kind",
          "console_flag.query",
          "console_flag.lang",
          "console_flag.answer_ref",
          "console_flag.comment",
          "console_flag.created_at",
          "users.email",
        ])
        .where("console_flag.resolved_at", "is", null)
        .orderBy("console_flag.id", "desc")
        .limit(200)
        .execute();
      const bot = await ctx.deps.feedback.list({
        onlyUnhelpful: true,
        onlyUnreviewed: true,
        limit: 100,
      });
      return ctx.render(request, reply, {
        title: t("console-feedback-title"),
        active: path,
        body: html`<h2>${t("console-feedback-flags")}</h2>
${
  flags.length === 0
    ? html`<p>${t("console-feedback-none")}</p>`
    : html`<div class="table-wrap"><table><thead><tr><th scope="col">${t("console-feedback-when")}</th><th scope="col">${t("console-feedback-kind")}</th><th scope="col">${t("console-feedback-question")}</th><th scope="col">${t("console-flag-comment")}</th><th scope="col">${t("console-school-actions")}</th></tr></thead>
<tbody>${flags.map(
        (
          f,
        ) => html`<tr><td>${formatStoredDateTime(f.created_at)}<br><span class="muted">${f.email ?? ""}</span></td>
<td><span class="badge ${f.kind === "wrong" ? "error" : ""}">${t(f.kind === "wrong" ? "console-flag-wrong" : "console-flag-missing")}</span>${f.answer_ref ? html`<br><span class="muted">${f.answer_ref}</span>` : ""}</td>
<td lang="${f.lang}"><a href="${consoleBase}/search?q=${encodeURIComponent(f.query)}">${f.query}</a></td>
<td>${f.comment}</td>
<td><form method="post" action="${path}/flags/${f.id}/resolve" class="inline">${csrfField(reply)}<button type="submit">${t("console-feedback-resolve")}</button></form></td></tr>`,
      )}</tbody></table></div>`
}
<h2>${t("console-feedback-bot")}</h2>
${
  bot.length === 0
    ? html`<p>${t("console-feedback-none")}</p>`
    : html`<div class="table-wrap"><table><thead><tr><th scope="col">${t("console-feedback-when")}</th><th scope="col">${t("console-feedback-question")}</th><th scope="col">${t("console-status-service")}</th><th scope="col">${t("console-school-actions")}</th></tr></thead>
<tbody>${bot.map(
        (entry) => html`<tr><td>${formatStoredDateTime(entry.createdAt)}</td>
<td lang="${entry.lang}"><a href="${consoleBase}/search?q=${encodeURIComponent(entry.question)}">${entry.question}</a></td>
<td>${entry.service ?? "—"} <span class="muted">(${Math.round(entry.confidence * 100)}%)</span></td>
<td><form method="post" action="${path}/bot/${entry.id}/reviewed" class="inline">${csrfField(reply)}<button type="submit">${t("console-feedback-reviewed")}</button></form></td></tr>`,
      )}</tbody></table></div>`
}`,
      });
    });

    app.post<{ Params: { id: string } }>(
      `${path}/flags/:id/resolve`,
      { config: { roles } },
      async (request, reply) => {
        const user = userOf(request);
        const id = Number(request.params.id);
        if (Number.isInteger(id)) {
          await ctx.deps.db
            .updateTable("console_flag")
            .set({ resolved_at: new Date().toISOString(), resolved_by: user.id })
            .where("id", "=", id)
            .execute();
          await ctx.audit.record(user.id, "answer.flag.resolve", `flag:${id}`);
        }
        return reply.redirect(path);
      },
    );

    app.post<{ Params: { id: string } }>(
      `${path}/bot/:id/reviewed`,
      { config: { roles } },
      async (request, reply) => {
        const id = Number(request.params.id);
        if (Number.isInteger(id)) {
          await ctx.deps.feedback.markReviewed(id);
          await ctx.audit.record(userOf(request).id, "bot.feedback.reviewed", `feedback:${id}`);
        }
        return reply.redirect(path);
      },
    );
  },
};
