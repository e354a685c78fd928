import {
  checkConclusionDate,
  checkConclusionNumber,
  checkGrade,
  checkPersonName,
  checkSchool,
  type FieldResult,
} from "../../documents/fields.ts";
import type { DocumentInput } from "../../documents/fill.ts";
import { isLanguage, type Language } from "../../i18n.ts";
import { type Translate, userOf } from "../context.ts";
import { html, type SafeHtml } from "../html.ts";
import { consoleBase, csrfField } from "../layout.ts";
import type { ConsolePage, PageContext } from "./page.ts";

const path = `${consoleBase}/documents`;
const roles = ["operator", "admin"] as const;

type Form = Partial<Record<string, string>>;
const textFields = ["parent", "child", "grade", "school", "conclusionNumber", "conclusionDate"];

/** Checks the posted form; the input for the document, or the problem per field. */
function readForm(
  form: Form,
  today: string,
): { input?: DocumentInput; problems: Record<string, string> } {
  const problems: Record<string, string> = {};
  const take = <T>(field: string, check: (v: string) => FieldResult<T>): T | undefined => {
    const result = check(form[field] ?? "");
    if (result.ok) return result.value;
    problems[field] = result.problem;
    return undefined;
  };
  const parent = take("parent", checkPersonName);
  const child = take("child", checkPersonName);
  const grade = take("grade", checkGrade);
  const school = take("school", checkSchool);
  const relation = form.relation === "daughter" ? "daughter" : "son";
  let conclusion = {};
  if (form.conclusionNumber?.trim()) {
    const number = take("conclusionNumber", checkConclusionNumber);
    const date = take("conclusionDate", (v) => checkConclusionDate(v, today));
    if (number && date) conclusion = { conclusionNumber: number, conclusionDate: date };
  }
  if (Object.keys(problems).length > 0 || !parent || !child || grade === undefined || !school)
    return { problems };
  return { input: { parent, child, relation, grade, school, ...conclusion }, problems };
}

async function formView(
  ctx: PageContext,
  t: Translate,
  lang: Language,
  csrf: SafeHtml,
  form: Form,
  problems: Record<string, string>,
): Promise<SafeHtml> {
  const documents = ctx.deps.knowledge.current().documents;
  const options = documents.services().flatMap((serviceId) =>
    documents.templatesFor(serviceId).map((template) => ({
      value: `${serviceId}:${template.kind}`,
      label: `${ctx.deps.knowledge.current().catalogue.getService(serviceId)?.shortName[lang] ?? serviceId} — ${template.label[lang]}`,
    })),
  );
  const selected = form.document ?? options[0]?.value;
  const field = (
    name: string,
    type = "text",
    hint = "",
  ) => html`<label for="doc-${name}">${t(`console-documents-${name}`)}</label>
<input id="doc-${name}" name="${name}" type="${type}" value="${form[name] ?? ""}"${problems[name] ? html` aria-invalid="true" aria-describedby="doc-${name}-error"` : ""}>
${problems[name] ? html`<p class="notice error" id="doc-${name}-error">${t(`form-problem-${problems[name]}`)} ${t(`form-example-${name}`)}</p>` : hint ? html`<p class="hint">${hint}</p>` : ""}`;
  return html`<p class="hint">${t("console-documents-intro")}</p>
<form method="post" action="${path}" class="stack">${csrf}
<label for="doc-document">${t("console-documents-document")}</label>
<select id="doc-document" name="document">${options.map(
    (o) =>
      html`<option value="${o.value}"${o.value === selected ? html` selected` : ""}>${o.label}</option>`,
  )}</select>
<label for="doc-lang">${t("console-documents-lang")}</label>
<select id="doc-lang" name="lang"><option value="kk"${form.lang !== "ru" ? html` selected` : ""}>Қазақша</option><option value="ru"${form.lang === "ru" ? html` selected` : ""}>Русский</option></select>
${field("parent")}
${field("child")}
<fieldset><legend>${t("console-documents-relation")}</legend>
<label><input type="radio" name="relation" value="son"${form.relation !== "daughter" ? html` checked` : ""}> ${t("console-documents-son")}</label>
<label><input type="radio" name="relation" value="daughter"${form.relation === "daughter" ? html` checked` : ""}> ${t("console-documents-daughter")}</label></fieldset>
${field("grade", "number")}
${field("school")}
${field("conclusionNumber", "text", t("console-documents-optional"))}
${field("conclusionDate", "date", t("console-documents-optional"))}
<button type="submit">${t("console-documents-submit")}</button>
</form>`;
}

/**
 * The documents the bot fills in, for an operator while a caller is on the line: the same
 * templates, checks and PDF. The typed names are not stored; the audit keeps only which
 * document was made.
 */
export const documentsPage: ConsolePage = {
  id: "documents",
  nav: { path, labelKey: "console-nav-documents", roles },
  register(app, ctx) {
    app.get<{ Querystring: { service?: string } }>(
      path,
      { config: { roles } },
      async (request, reply) => {
        const t = ctx.t(request.lang);
        const service = request.query.service;
        const form: Form = service ? { document: `${service}:plain` } : {};
        return ctx.render(request, reply, {
          title: t("console-documents-title"),
          active: path,
          body: await formView(ctx, t, request.lang, csrfField(reply), form, {}),
        });
      },
    );

    app.post<{ Body: Form }>(path, { config: { roles } }, async (request, reply) => {
      const t = ctx.t(request.lang);
      const body = request.body ?? {};
      const form: Form = {};
      for (const name of ["document", "lang", "relation", ...textFields])
        if (typeof body[name] === "string") form[name] = body[name];
      const [serviceId = "", kind = ""] = (form.document ?? "").split(":");
      const lang = isLanguage(form.lang) ? form.lang : request.lang;
      const documents = ctx.deps.knowledge.current().documents;
      const template = documents.templatesFor(serviceId).find((d) => d.kind === kind);
      const today = ctx.deps.knowledge.current().workingTime.localDate(new Date());
      const { input, problems } = readForm(form, today);
      if (!template || !input) {
        if (!template) problems.document = "empty";
        return ctx.render(request, reply, {
          status: 400,
          title: t("console-documents-title"),
          active: path,
          body: await formView(ctx, t, request.lang, csrfField(reply), form, problems),
        });
      }
      const { pdf, fileName } = await documents.produce(serviceId, template.kind, lang, input);
      await ctx.audit.record(
        userOf(request).id,
        "document.produce",
        `${serviceId}:${template.kind}`,
        { lang },
      );
      return reply
        .header("content-type", "application/pdf")
        .header("content-disposition", `attachment; filename="${fileName}"`)
        .header("cache-control", "no-store")
        .send(pdf);
    });
  },
};
