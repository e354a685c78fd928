import { z } from "zod";
import { back, type Flow, type FlowState, next, startState } from "../../flows/flows.ts";
import type { Language } from "../../i18n.ts";
import { html, type SafeHtml } from "../html.ts";
import { consoleBase } from "../layout.ts";
import type { ConsolePage, PageContext } from "./page.ts";
import { cardView } from "./search.ts";

const path = `${consoleBase}/flow`;
const roles = ["operator", "admin"] as const;

const querySchema = z.object({
  f: z.string().max(60).optional(),
  s: z.string().max(4000).optional(),
  o: z.string().max(60).optional(),
  text: z.string().max(200).optional(),
  back: z.literal("1").optional(),
});
const stateSchema = z.object({
  flowId: z.string(),
  version: z.string(),
  path: z.array(z.string()).min(1).max(50),
  answers: z.record(z.string(), z.string()),
});

// The walk travels in the URL (GET forms), so Back in the browser and a shared link both work.
function encodeState(state: FlowState): string {
  return Buffer.from(JSON.stringify(state)).toString("base64url");
}
function decodeState(value: string | undefined): FlowState | undefined {
  if (!value) return undefined;
  try {
    const parsed = stateSchema.safeParse(
      JSON.parse(Buffer.from(value, "base64url").toString("utf8")),
    );
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** What the caller answered so far, so the operator can read it back. */
function trail(flow: Flow, state: FlowState, lang: Language): SafeHtml {
  const steps = state.path.slice(0, -1);
  if (steps.length === 0) return html``;
  return html`<ol class="breadcrumbs">${steps.map((id, i) => {
    const step = flow.step(id);
    const nextId = state.path[i + 1];
    if (!step) return "";
    if (step.kind === "choice") {
      const option = step.options.find((o) => o.next === nextId);
      return html`<li>${step.text[lang]} — <strong>${option?.label[lang] ?? ""}</strong></li>`;
    }
    if (step.kind === "input")
      return html`<li>${step.text[lang]} — <strong>${state.answers[id] ?? ""}</strong></li>`;
    return "";
  })}</ol>`;
}

function stepView(
  ctx: PageContext,
  flow: Flow,
  state: FlowState,
  lang: Language,
  invalid: boolean,
): SafeHtml {
  const t = ctx.t(lang);
  const id = state.path[state.path.length - 1] ?? flow.start;
  const step = flow.step(id);
  const s = encodeState(state);
  const backButton =
    state.path.length > 1
      ? html`<form method="get" action="${path}" class="inline"><input type="hidden" name="f" value="${flow.id}"><input type="hidden" name="s" value="${s}"><button type="submit" name="back" value="1">← ${t("console-flow-back")}</button></form>`
      : html``;
  const restart = html`<a href="${path}?f=${flow.id}">${t("console-flow-restart")}</a>`;
  if (!step) return html`<p class="notice error">${t("console-flow-stale")}</p>${restart}`;
  if (step.kind === "choice") {
    return html`<form method="get" action="${path}" class="card">
<input type="hidden" name="f" value="${flow.id}"><input type="hidden" name="s" value="${s}">
<fieldset><legend><h2>${step.text[lang]}</h2></legend>
<div class="choices">${step.options.map(
      (option, i) =>
        html`<button type="submit" name="o" value="${option.id}"${i === 0 ? html` autofocus` : ""}>${option.label[lang]}</button>`,
    )}</div></fieldset></form>
<div class="inline">${backButton} ${restart}</div>`;
  }
  if (step.kind === "input") {
    return html`<form method="get" action="${path}" class="card stack">
<input type="hidden" name="f" value="${flow.id}"><input type="hidden" name="s" value="${s}">
<label for="flow-text"><h2>${step.text[lang]}</h2></label>
${invalid ? html`<p class="notice error" role="alert" id="flow-invalid">${step.invalid[lang]}</p>` : ""}
<input id="flow-text" name="text" ${step.input.type === "integer" ? html`inputmode="numeric" pattern="[0-9]*"` : ""} required autofocus${invalid ? html` aria-invalid="true" aria-describedby="flow-invalid"` : ""}>
<button type="submit" class="primary">${t("console-flow-next")}</button></form>
<div class="inline">${backButton} ${restart}</div>`;
  }
  const card = ctx.modules().cards.build(step.service, new Date());
  return html`<section class="card" aria-labelledby="flow-result"><h2 id="flow-result">${t("console-flow-result")}</h2>
${step.note ? html`<p class="notice warn">${step.note[lang]}</p>` : ""}
${card ? html`<div class="service-cards">${cardView(card, lang, t)}</div>` : html`<p>${step.service}</p>`}
<p><a href="${consoleBase}/search?q=${encodeURIComponent(card?.shortName[lang] ?? step.service)}">${t("console-flow-search-more")}</a></p>
</section>
<div class="inline">${backButton} ${restart}</div>`;
}

export const flowPage: ConsolePage = {
  id: "flow",
  nav: { path, labelKey: "console-nav-flow", roles },
  register(app, ctx) {
    // Not logged per request: the URL carries what the caller said in free-text steps.
    app.get(path, { config: { roles }, logLevel: "warn" }, async (request, reply) => {
      const t = ctx.t(request.lang);
      const flows = ctx.modules().flows;
      const parsed = querySchema.safeParse(request.query);
      const query = parsed.success ? parsed.data : {};
      const flow = flows.get(query.f ?? "which-service") ?? flows.flows[0];
      if (!flow) {
        return ctx.render(request, reply, {
          title: t("console-flow-title"),
          active: path,
          body: html`<p class="notice warn">${t("console-flow-unavailable")}</p>`,
        });
      }
      let state = decodeState(query.s);
      // An answer given to a walk that is broken or made on an older flow file answers nothing.
      const stale = !state || state.flowId !== flow.id || state.version !== flow.version;
      if (!state || stale) state = startState(flow);
      let invalid = false;
      if (!stale && query.back) state = back(state);
      else if (!stale && (query.o !== undefined || query.text !== undefined)) {
        const result = next(
          flow,
          state,
          query.o !== undefined ? { option: query.o } : { text: query.text ?? "" },
        );
        if (result.ok) state = result.state;
        else if (result.reason === "invalid-input") invalid = true;
        else if (result.reason === "stale") state = startState(flow);
      }
      const others = flows.flows.filter((f) => f.id !== flow.id);
      return ctx.render(request, reply, {
        title: flow.definition.title[request.lang],
        active: path,
        body: html`<p class="hint">${t("console-flow-intro")}</p>
${trail(flow, state, request.lang)}
${stepView(ctx, flow, state, request.lang, invalid)}
${others.length > 0 ? html`<p>${others.map((f) => html`<a href="${path}?f=${f.id}">${f.definition.title[request.lang]}</a> `)}</p>` : ""}`,
      });
    });
  },
};
