import type { FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import {
  type AnalyticsFigures,
  type AnalyticsFilter,
  analyticsFigures,
  handoffOutcomes,
  questionOutcomes,
} from "../../analytics/figures.ts";
import { createKnowledgeTasks, type KnowledgeTask } from "../../analytics/knowledge-tasks.ts";
import { type FigureRow, figureColumns, figureRows } from "../../analytics/rows.ts";
import type { Language } from "../../i18n.ts";
import { csvLine } from "../../infra/csv.ts";
import {
  addDays,
  daysBetween,
  formatDotted,
  parseLocalDate,
  today,
} from "../../time/local-time.ts";
import { barChart, type Series, stackedBarChart } from "../charts.ts";
import { type Translate, userOf } from "../context.ts";
import { html, type SafeHtml } from "../html.ts";
import { consoleBase, csrfField } from "../layout.ts";
import type { ConsolePage, PageContext } from "./page.ts";

const path = `${consoleBase}/analytics`;
const exportPath = `${path}/export`;
const tasksPath = `${path}/tasks`;
/** Analytics are for administrators: operators see conversations, school admins neither. */
const roles = ["admin"] as const;
/** The default period: the last 30 days, today included. */
const defaultDays = 30;

// `lang` is the console's own language switch, so the filter's language is `language`.
const filterSchema = z.object({
  from: z.string().max(10).optional(),
  to: z.string().max(10).optional(),
  language: z.enum(["", "kk", "ru"]).optional(),
});

const taskSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("phrasing"),
    question: z.string().trim().min(1).max(300),
    language: z.enum(["kk", "ru"]),
    group: z.string().regex(/^[a-z0-9-]+$/),
    phrasing: z.string().trim().min(2).max(100),
  }),
  z.object({
    kind: z.literal("missing_fact"),
    question: z.string().trim().min(1).max(300),
    language: z.enum(["kk", "ru"]),
    note: z.string().trim().min(1).max(2000),
  }),
]);

/** The filter of a request, or null when it is malformed (400). */
export function parseFilter(query: unknown, now = new Date()): AnalyticsFilter | null {
  const parsed = filterSchema.safeParse(query ?? {});
  if (!parsed.success) return null;
  const to = parsed.data.to ? parseLocalDate(parsed.data.to) : today(now);
  const from = parsed.data.from
    ? parseLocalDate(parsed.data.from)
    : to && addDays(to, 1 - defaultDays);
  if (!from || !to || from > to || daysBetween(from, to) > 366) return null;
  return { from, to, ...(parsed.data.language ? { language: parsed.data.language } : {}) };
}

function filterQuery(filter: AnalyticsFilter): string {
  const params = new URLSearchParams({ from: filter.from, to: filter.to });
  if (filter.language) params.set("language", filter.language);
  return params.toString();
}

function percent(part: number, whole: number): string {
  return whole > 0 ? `${Math.round((part / whole) * 1000) / 10}%` : "—";
}

function duration(t: Translate, seconds: number | null): string {
  if (seconds === null) return "—";
  const rounded = Math.round(seconds);
  return t("analytics-duration", { minutes: Math.floor(rounded / 60), seconds: rounded % 60 });
}

/** How a row's key reads on the page (services by name, outcomes and channels translated). */
function keyLabel(ctx: PageContext, lang: Language, t: Translate) {
  const service = (id: string) =>
    ctx.deps.knowledge.current().catalogue.getService(id)?.shortName[lang] ?? id;
  return (row: FigureRow): string => {
    switch (row.section) {
      case "questions_per_day":
        return formatDotted(row.key);
      case "outcome":
        return t(`analytics-outcome-${row.key}`);
      case "top_service":
      case "not_helpful":
        return service(row.key);
      case "handoff":
        return t(`analytics-handoff-${row.key.replace("_seconds", "").replaceAll("_", "-")}`);
      case "handoff_outcome":
        return t(`analytics-handoff-outcome-${row.key}`);
      case "rating":
        return row.key === "average"
          ? t("analytics-kpi-rating")
          : t("analytics-rating-stars", { rating: row.key });
      default:
        return row.key;
    }
  };
}

/**
 * One table per section: a row per figure row, each carrying that row's CSV line, so the page
 * and the export are the same figures.
 */
function figureTable(
  rows: readonly FigureRow[],
  t: Translate,
  options: {
    label(row: FigureRow): string;
    keyHeader: string;
    withLanguage?: boolean;
    withChannel?: boolean;
    value?(row: FigureRow): string;
    share?: boolean;
    extra?(row: FigureRow): SafeHtml;
  },
): SafeHtml {
  if (rows.length === 0) return html`<p class="hint">${t("analytics-none")}</p>`;
  return html`<div class="table-wrap"><table class="figures"><thead><tr><th scope="col">${options.keyHeader}</th>${
    options.withLanguage ? html`<th scope="col">${t("analytics-col-language")}</th>` : ""
  }${options.withChannel ? html`<th scope="col">${t("analytics-col-channel")}</th>` : ""}<th scope="col">${t("analytics-col-count")}</th>${
    options.share ? html`<th scope="col">${t("analytics-col-share")}</th>` : ""
  }${options.extra ? html`<th scope="col">${t("analytics-task-make")}</th>` : ""}</tr></thead>
<tbody>${rows.map(
    (row) =>
      html`<tr data-figure="${csvLine(figureColumns.map((c) => row[c]))}"><th scope="row"${row.section === "unanswered" ? html` lang="${row.language}"` : ""}>${options.label(row)}</th>${
        options.withLanguage
          ? html`<td>${row.language ? t(`analytics-lang-${row.language}`) : ""}</td>`
          : ""
      }${options.withChannel ? html`<td>${t(`analytics-channel-${row.channel}`)}</td>` : ""}<td class="num">${options.value ? options.value(row) : row.value}</td>${
        options.share ? html`<td class="num">${percent(row.value, row.total ?? 0)}</td>` : ""
      }${options.extra ? html`<td>${options.extra(row)}</td>` : ""}</tr>`,
  )}</tbody></table></div>`;
}

function section(t: Translate, title: string, id: string, chart: SafeHtml, table: SafeHtml) {
  return html`<section class="card analytics-section" aria-labelledby="${id}"><h2 id="${id}">${title}</h2>${chart}<details><summary>${t("analytics-figures")}</summary>${table}</details></section>`;
}

function taskForm(
  ctx: PageContext,
  reply: FastifyReply,
  t: Translate,
  row: FigureRow,
  index: number,
): SafeHtml {
  const groups = ctx.deps.knowledge.current().catalogue.synonyms.groups;
  const id = `task-${index}`;
  return html`<details class="task-form"><summary>${t("analytics-task-make")}</summary>
<form method="post" action="${tasksPath}" class="stack">${csrfField(reply)}
<input type="hidden" name="question" value="${row.key}">
<input type="hidden" name="language" value="${row.language}">
<fieldset><legend>${t("analytics-task-kind")}</legend>
<label><input type="radio" name="kind" value="phrasing" checked> ${t("analytics-task-kind-phrasing")}</label>
<label><input type="radio" name="kind" value="missing_fact"> ${t("analytics-task-kind-missing")}</label></fieldset>
<label for="${id}-group">${t("analytics-task-group")}</label>
<select id="${id}-group" name="group">${groups.map(
    (g) => html`<option value="${g.id}">${g.id}: ${g.terms.slice(0, 3).join(", ")}</option>`,
  )}</select>
<label for="${id}-phrasing">${t("analytics-task-phrasing")}</label>
<input id="${id}-phrasing" name="phrasing" value="${row.key}" maxlength="100">
<label for="${id}-note">${t("analytics-task-note")}</label>
<textarea id="${id}-note" name="note" maxlength="2000"></textarea>
<button type="submit">${t("analytics-task-submit")}</button>
</form></details>`;
}

function analyticsBody(
  ctx: PageContext,
  reply: FastifyReply,
  lang: Language,
  figures: AnalyticsFigures,
  notice?: SafeHtml,
): SafeHtml {
  const t = ctx.t(lang);
  const rows = figureRows(figures);
  const of = (name: FigureRow["section"]) => rows.filter((row) => row.section === name);
  const label = keyLabel(ctx, lang, t);
  const { filter, outcomes, total, handoff, ratings } = figures;

  const combos = [...new Set(figures.perDay.map((d) => `${d.language}|${d.channel}`))].sort();
  const series: Series[] = combos.map((combo) => {
    const [language = "", channel = ""] = combo.split("|");
    return {
      label: `${t(`analytics-lang-${language}`)} · ${t(`analytics-channel-${channel}`)}`,
      values: figures.days.map(
        (day) =>
          figures.perDay.find(
            (d) => d.day === day && d.language === language && d.channel === channel,
          )?.count ?? 0,
      ),
    };
  });
  const answeredShare = percent(outcomes.answered, total);
  const notHelpful = of("not_helpful");
  const unanswered = of("unanswered");

  return html`${notice ?? ""}
<form method="get" action="${path}" class="card filters" aria-label="${t("analytics-filter")}">
<label>${t("analytics-filter-from")} <input type="date" name="from" value="${filter.from}" required></label>
<label>${t("analytics-filter-to")} <input type="date" name="to" value="${filter.to}" required></label>
<label>${t("analytics-filter-language")} <select name="language">
<option value="">${t("analytics-all-languages")}</option>
${(["kk", "ru"] as const).map(
  (l) =>
    html`<option value="${l}"${filter.language === l ? html` selected` : ""}>${t(`analytics-lang-${l}`)}</option>`,
)}</select></label>
<button type="submit" class="primary">${t("analytics-apply")}</button>
<a href="${exportPath}?${filterQuery(filter)}" download>${t("analytics-export-csv")}</a>
<a href="${tasksPath}">${t("analytics-tasks-link")}</a>
</form>
<div class="kpi">
<div class="card"><div class="value" data-kpi="questions">${total}</div>${t("analytics-kpi-questions")}</div>
<div class="card"><div class="value" data-kpi="answered">${answeredShare}</div>${t("analytics-kpi-answered")}</div>
<div class="card"><div class="value" data-kpi="handoffs">${handoff.volume}</div>${t("analytics-kpi-handoffs")}</div>
<div class="card"><div class="value" data-kpi="wait">${duration(t, handoff.waitP50Seconds)}</div>${t("analytics-kpi-wait")}</div>
<div class="card"><div class="value" data-kpi="rating">${ratings.average ?? "—"}</div>${t("analytics-kpi-rating")}</div>
</div>
${section(
  t,
  t("analytics-per-day"),
  "per-day",
  stackedBarChart({
    title: t("analytics-per-day"),
    categories: figures.days,
    categoryLabel: (day) => formatDotted(day).slice(0, 5),
    series,
  }),
  figureTable(of("questions_per_day"), t, {
    label,
    keyHeader: t("analytics-col-day"),
    withLanguage: true,
    withChannel: true,
  }),
)}
${section(
  t,
  t("analytics-outcomes"),
  "outcomes",
  barChart({
    title: t("analytics-outcomes"),
    bars: questionOutcomes.map((o) => ({
      label: t(`analytics-outcome-${o}`),
      value: outcomes[o],
      text: `${outcomes[o]} (${percent(outcomes[o], total)})`,
    })),
  }),
  figureTable(of("outcome"), t, { label, keyHeader: t("analytics-outcomes"), share: true }),
)}
${section(
  t,
  t("analytics-top-services"),
  "top-services",
  barChart({
    title: t("analytics-top-services"),
    bars: of("top_service").map((row) => ({ label: label(row), value: row.value })),
  }),
  figureTable(of("top_service"), t, { label, keyHeader: t("analytics-col-service") }),
)}
<section class="card analytics-section" aria-labelledby="unanswered"><h2 id="unanswered">${t("analytics-unanswered")}</h2>
<p class="hint">${t("analytics-unanswered-hint")}</p>
${
  unanswered.length > 0
    ? barChart({
        title: t("analytics-unanswered"),
        bars: unanswered.slice(0, 10).map((row) => ({ label: row.key, value: row.value })),
      })
    : ""
}
${figureTable(unanswered, t, {
  label,
  keyHeader: t("analytics-col-question"),
  withLanguage: true,
  extra: (row) => taskForm(ctx, reply, t, row, unanswered.indexOf(row)),
})}</section>
${section(
  t,
  t("analytics-not-helpful"),
  "not-helpful",
  barChart({
    title: t("analytics-not-helpful"),
    max: 1,
    bars: notHelpful.map((row) => ({
      label: label(row),
      value: row.total ? row.value / row.total : 0,
      text: `${percent(row.value, row.total ?? 0)} (${row.value}/${row.total})`,
    })),
  }),
  figureTable(notHelpful, t, {
    label,
    keyHeader: t("analytics-col-service"),
    share: true,
  }),
)}
${section(
  t,
  t("analytics-handoff"),
  "handoff",
  barChart({
    title: t("analytics-handoff"),
    bars: handoffOutcomes.map((o) => ({
      label: t(`analytics-handoff-outcome-${o}`),
      value: handoff.outcomes[o],
    })),
  }),
  html`${figureTable(of("handoff"), t, {
    label,
    keyHeader: t("analytics-col-figure"),
    value: (row) => (row.key.endsWith("_seconds") ? duration(t, row.value) : String(row.value)),
  })}${figureTable(of("handoff_outcome"), t, {
    label,
    keyHeader: t("analytics-handoff"),
    share: true,
  })}`,
)}
${section(
  t,
  t("analytics-ratings"),
  "ratings",
  barChart({
    title: t("analytics-ratings"),
    bars: ratings.counts.map((n, i) => ({
      label: t("analytics-rating-stars", { rating: i + 1 }),
      value: n,
    })),
  }),
  figureTable(of("rating"), t, { label, keyHeader: t("analytics-col-rating") }),
)}`;
}

function tasksBody(
  reply: FastifyReply,
  t: Translate,
  tasks: KnowledgeTask[],
  notice?: SafeHtml,
): SafeHtml {
  const open = (kind: KnowledgeTask["kind"]) =>
    tasks.filter((task) => task.kind === kind && task.status === "open");
  const live = tasks.filter((task) => task.kind === "phrasing" && task.status === "approved");
  const decide = (task: KnowledgeTask, decision: "approve" | "reject" | "done", primary = false) =>
    html`<form method="post" action="${tasksPath}/${task.id}/${decision}" class="inline">${csrfField(reply)}<button type="submit"${primary ? html` class="primary"` : ""}>${t(`analytics-tasks-${decision}`)}</button></form>`;
  const when = (task: KnowledgeTask) => task.created_at.slice(0, 16).replace("T", " ");
  const phrasings = open("phrasing");
  const missing = open("missing_fact");
  return html`${notice ?? ""}<p><a href="${path}">${t("analytics-title")}</a></p>
<section class="card" aria-labelledby="phrasings"><h2 id="phrasings">${t("analytics-tasks-phrasings")}</h2>
<p class="hint">${t("analytics-tasks-phrasings-hint")}</p>
${
  phrasings.length === 0
    ? html`<p>${t("analytics-tasks-none")}</p>`
    : html`<div class="table-wrap"><table><thead><tr><th scope="col">${t("analytics-task-phrasing")}</th><th scope="col">${t("analytics-task-group")}</th><th scope="col">${t("analytics-tasks-from-question")}</th><th scope="col">${t("analytics-tasks-created")}</th><th scope="col"></th></tr></thead><tbody>${phrasings.map(
        (task) =>
          html`<tr data-task="${task.id}"><td lang="${task.language}"><strong>${task.phrasing ?? ""}</strong></td><td><code>${task.synonym_group ?? ""}</code></td><td lang="${task.language}">${task.question}</td><td>${when(task)}</td><td>${decide(task, "approve", true)} ${decide(task, "reject")}</td></tr>`,
      )}</tbody></table></div>`
}</section>
<section class="card" aria-labelledby="missing"><h2 id="missing">${t("analytics-tasks-missing")}</h2>
${
  missing.length === 0
    ? html`<p>${t("analytics-tasks-none")}</p>`
    : html`<div class="table-wrap"><table><thead><tr><th scope="col">${t("analytics-task-note")}</th><th scope="col">${t("analytics-tasks-from-question")}</th><th scope="col">${t("analytics-tasks-created")}</th><th scope="col"></th></tr></thead><tbody>${missing.map(
        (task) =>
          html`<tr data-task="${task.id}"><td>${task.note ?? ""}</td><td lang="${task.language}">${task.question}</td><td>${when(task)}</td><td>${decide(task, "done")}</td></tr>`,
      )}</tbody></table></div>`
}</section>
<section class="card" aria-labelledby="live"><h2 id="live">${t("analytics-tasks-live")}</h2>
${
  live.length === 0
    ? html`<p>${t("analytics-tasks-none")}</p>`
    : html`<ul>${live.map(
        (task) =>
          html`<li lang="${task.language}"><strong>${task.phrasing ?? ""}</strong> → <code>${task.synonym_group ?? ""}</code></li>`,
      )}</ul>`
}</section>`;
}

export const analyticsPage: ConsolePage = {
  id: "analytics",
  nav: { path, labelKey: "analytics-nav", roles },
  register(app, ctx) {
    const tasks = createKnowledgeTasks(ctx.deps.db);
    const badFilter = (request: FastifyRequest, reply: FastifyReply) => {
      const t = ctx.t(request.lang);
      return ctx.render(request, reply, {
        status: 400,
        title: t("analytics-title"),
        active: path,
        body: html`<p class="notice error" role="alert">${t("analytics-bad-filter")}</p><p><a href="${path}">${t("analytics-title")}</a></p>`,
      });
    };

    app.get(path, { config: { roles } }, async (request, reply) => {
      const filter = parseFilter(request.query);
      if (!filter) return badFilter(request, reply);
      const t = ctx.t(request.lang);
      const saved = (request.query as { task?: string }).task === "saved";
      const figures = await analyticsFigures(ctx.deps.db, filter);
      return ctx.render(request, reply, {
        title: t("analytics-title"),
        active: path,
        bodyClass: "analytics",
        body: analyticsBody(
          ctx,
          reply,
          request.lang,
          figures,
          saved
            ? html`<p class="notice ok" role="status">${t("analytics-task-saved")} <a href="${tasksPath}">${t("analytics-tasks-link")}</a></p>`
            : undefined,
        ),
      });
    });

    app.get(exportPath, { config: { roles } }, async (request, reply) => {
      const filter = parseFilter(request.query);
      if (!filter) return badFilter(request, reply);
      const rows = figureRows(await analyticsFigures(ctx.deps.db, filter));
      const body = [
        csvLine([...figureColumns]),
        ...rows.map((row) => csvLine(figureColumns.map((c) => row[c]))),
      ].join("\r\n");
      await ctx.audit.record(userOf(request).id, "analytics.export", "analytics", {
        from: filter.from,
        to: filter.to,
        language: filter.language ?? null,
      });
      return reply
        .type("text/csv; charset=utf-8")
        .header("cache-control", "no-store")
        .header(
          "content-disposition",
          `attachment; filename="qoldau-analytics-${filter.from}-${filter.to}.csv"`,
        )
        .send(`\uFEFF${body}\r\n`);
    });

    app.post(tasksPath, { config: { roles } }, async (request, reply) => {
      const parsed = taskSchema.safeParse(request.body);
      const t = ctx.t(request.lang);
      const task = parsed.success ? parsed.data : undefined;
      const knownGroup =
        task?.kind !== "phrasing" ||
        ctx.deps.knowledge.current().catalogue.synonyms.groups.some((g) => g.id === task.group);
      if (!task || !knownGroup)
        return ctx.render(request, reply, {
          status: 400,
          title: t("analytics-title"),
          active: path,
          body: html`<p class="notice error" role="alert">${t("analytics-bad-task")}</p><p><a href="${path}">${t("analytics-title")}</a></p>`,
        });
      const user = userOf(request);
      const id =
        task.kind === "phrasing"
          ? await tasks.proposePhrasing({ ...task, userId: user.id })
          : await tasks.noteMissingFact({ ...task, userId: user.id });
      await ctx.audit.record(user.id, "knowledge.task.create", `knowledge-task:${id}`, {
        kind: task.kind,
      });
      return reply.redirect(`${path}?task=saved`);
    });

    const showTasks = async (
      request: FastifyRequest,
      reply: FastifyReply,
      notice?: SafeHtml,
      status = 200,
    ) => {
      const t = ctx.t(request.lang);
      return ctx.render(request, reply, {
        status,
        title: t("analytics-tasks-title"),
        active: path,
        body: tasksBody(reply, t, await tasks.list(), notice),
      });
    };
    app.get(tasksPath, { config: { roles } }, (request, reply) => showTasks(request, reply));

    for (const decision of ["approve", "reject", "done"] as const) {
      app.post<{ Params: { id: string } }>(
        `${tasksPath}/:id/${decision}`,
        { config: { roles } },
        async (request, reply) => {
          const t = ctx.t(request.lang);
          const user = userOf(request);
          const id = Number(request.params.id);
          const task = Number.isInteger(id) ? await tasks.get(id) : undefined;
          // Approve and reject are for phrasings; done is for missing facts.
          const fits = task && (task.kind === "phrasing") === (decision !== "done");
          const status =
            decision === "approve" ? "approved" : decision === "reject" ? "rejected" : "done";
          if (!task || !fits || !(await tasks.decide(id, status, user.id)))
            return showTasks(
              request,
              reply,
              html`<p class="notice warn" role="status">${t("analytics-tasks-stale")}</p>`,
              409,
            );
          await ctx.audit.record(user.id, `knowledge.task.${decision}`, `knowledge-task:${id}`, {
            kind: task.kind,
          });
          if (decision !== "approve")
            return showTasks(
              request,
              reply,
              html`<p class="notice ok" role="status">${t("analytics-tasks-decided")}</p>`,
            );
          // The approved phrasing joins the synonyms of a new snapshot: live for every transport.
          const reloaded = await ctx.reloadCatalogue();
          return showTasks(
            request,
            reply,
            reloaded.ok
              ? html`<p class="notice ok" role="status">${t("analytics-tasks-approved")}</p>`
              : html`<p class="notice error" role="alert">${t("analytics-tasks-reload-failed", { problem: reloaded.problems[0] ?? "" })}</p>`,
            reloaded.ok ? 200 : 422,
          );
        },
      );
    }
  },
};
