import { InlineKeyboard, InputFile } from "grammy";
import {
  checkConclusionDate,
  checkConclusionNumber,
  checkGrade,
  checkPersonName,
  checkSchool,
  type FieldResult,
} from "../../documents/fields.ts";
import type { DocumentInput } from "../../documents/fill.ts";
import { preloadPdf } from "../../documents/pdf.ts";
import type { Language } from "../../i18n.ts";
import { isFreeFormApplication } from "../../knowledge/catalogue.ts";
import type { DocumentTemplate } from "../../knowledge/schemas.ts";
import { formChoicePattern, formData, formPattern } from "../callback-data.ts";
import type { BotContext, FormField, FormSession } from "../context.ts";
import type { BotDeps, FeatureFactory } from "../deps.ts";
import { FeatureComposer } from "../helpers/feature-composer.ts";
import { hoursVariables } from "../helpers/format.ts";
import { currentLanguage } from "../helpers/language.ts";
import { homeKeyboard, menuData } from "../keyboards/main-menu.ts";
import { officeText } from "../render/card.ts";

/** The fields asked, in order; the conclusion is asked only where the document refers to one. */
function nextField(
  form: FormSession,
  template: DocumentTemplate | undefined,
): FormField | undefined {
  if (!form.kind) return "kind";
  if (!form.parent) return "parent";
  if (!form.child) return "child";
  if (!form.relation) return "relation";
  if (form.grade === undefined) return "grade";
  if (!form.school) return "school";
  if (!template?.conclusion) return undefined;
  if (form.conclusionNumber === undefined) return "conclusionNumber";
  if (form.conclusionNumber !== "" && !form.conclusionDate) return "conclusionDate";
  return undefined;
}

const cancelKeyboard = (ctx: BotContext) =>
  new InlineKeyboard().text(ctx.t("form-cancel"), formData.cancel);

/**
 * The documents a school accepts, filled in from what the parent types: the official form of
 * the service (annex 2 of order No. 223 for home schooling) or a plain application to the
 * director, as a PDF. Fields are asked one by one and checked; a question typed where a name is
 * expected is answered and the field asked again. The answers wait in the session only until the
 * document is sent, then they are deleted; they are never logged.
 */
export const formFeature: FeatureFactory = (deps) => {
  const feature = new FeatureComposer<BotContext>();
  const documents = async () => deps.knowledge.current().documents;

  const templateOf = async (form: FormSession) =>
    form.kind
      ? (await documents()).templatesFor(form.serviceId).find((t) => t.kind === form.kind)
      : undefined;

  const ask = async (ctx: BotContext, form: FormSession, lang: Language, prefix = "") => {
    const template = await templateOf(form);
    const field = nextField(form, template);
    if (!field) return send(ctx, form, lang);
    ctx.session.form = { ...form, awaiting: field };
    const conclusion = template?.conclusion?.name[lang] ?? "";
    const text = `${prefix}${ctx.t(`form-ask-${field}`, { conclusion })}`;
    if (field === "kind") {
      const keyboard = new InlineKeyboard();
      for (const t of (await documents()).templatesFor(form.serviceId))
        keyboard.text(`📄 ${t.label[lang]}`, formData.kind(t.kind)).row();
      await ctx.reply(text, { reply_markup: keyboard.text(ctx.t("form-cancel"), formData.cancel) });
      return;
    }
    if (field === "relation") {
      await ctx.reply(text, {
        reply_markup: new InlineKeyboard()
          .text(ctx.t("form-son"), formData.relation("son"))
          .text(ctx.t("form-daughter"), formData.relation("daughter"))
          .row()
          .text(ctx.t("form-cancel"), formData.cancel),
      });
      return;
    }
    const keyboard =
      field === "conclusionNumber"
        ? new InlineKeyboard()
            .text(ctx.t("form-skip"), formData.skip)
            .row()
            .text(ctx.t("form-cancel"), formData.cancel)
        : cancelKeyboard(ctx);
    await ctx.reply(text, { reply_markup: keyboard });
  };

  const send = async (ctx: BotContext, form: FormSession, lang: Language) => {
    ctx.session.form = undefined;
    const input: DocumentInput = {
      parent: form.parent ?? "",
      child: form.child ?? "",
      relation: form.relation ?? "son",
      grade: form.grade ?? 1,
      school: form.school ?? "",
      ...(form.conclusionNumber && form.conclusionDate
        ? { conclusionNumber: form.conclusionNumber, conclusionDate: form.conclusionDate }
        : {}),
    };
    await ctx.replyWithChatAction("upload_document").catch(() => {});
    const service = await documents();
    const { pdf, fileName } = await service.produce(
      form.serviceId,
      form.kind ?? "plain",
      lang,
      input,
    );
    await ctx.replyWithDocument(new InputFile(pdf, fileName), {
      caption: caption(ctx, deps, form, lang),
      reply_markup: new InlineKeyboard().text(ctx.t("menu-home"), menuData.home),
    });
  };

  feature.callbackQuery(formData.cancel, async (ctx) => {
    ctx.session.form = undefined;
    await ctx.answerCallbackQuery();
    await ctx.reply(ctx.t("help-cancelled"), { reply_markup: homeKeyboard(ctx) });
  });

  feature.callbackQuery(formChoicePattern, async (ctx) => {
    const form = ctx.session.form;
    const [, what, value] = ctx.match;
    const expected = what === "k" ? "kind" : "relation";
    if (!form || form.awaiting !== expected) {
      await ctx.answerCallbackQuery({ text: ctx.t("unhandled-stale-button"), show_alert: true });
      return;
    }
    await ctx.answerCallbackQuery();
    const lang = await currentLanguage(ctx);
    if (what === "k" && (value === "official" || value === "plain"))
      await ask(ctx, { ...form, kind: value }, lang);
    else if (what === "r" && (value === "son" || value === "daughter"))
      await ask(ctx, { ...form, relation: value }, lang);
  });

  feature.callbackQuery(formData.skip, async (ctx) => {
    const form = ctx.session.form;
    if (form?.awaiting !== "conclusionNumber") {
      await ctx.answerCallbackQuery({ text: ctx.t("unhandled-stale-button"), show_alert: true });
      return;
    }
    await ctx.answerCallbackQuery();
    await ask(ctx, { ...form, conclusionNumber: "" }, await currentLanguage(ctx));
  });

  feature.callbackQuery(formPattern, async (ctx) => {
    const serviceId = ctx.match[1] ?? "";
    const offered = (await documents()).templatesFor(serviceId);
    if (offered.length === 0) {
      await ctx.answerCallbackQuery({ text: ctx.t("unhandled-stale-button"), show_alert: true });
      return;
    }
    await ctx.answerCallbackQuery();
    preloadPdf();
    const only = offered.length === 1 ? offered[0]?.kind : undefined;
    await ask(
      ctx,
      { serviceId, ...(only ? { kind: only } : {}) },
      await currentLanguage(ctx),
      `${ctx.t("form-intro")}\n\n`,
    );
  });

  feature.on("message:text", async (ctx, next) => {
    const form = ctx.session.form;
    if (!form?.awaiting || ctx.message.text.startsWith("/")) return next();
    const field = form.awaiting;
    const lang = await currentLanguage(ctx);
    if (field === "kind" || field === "relation") {
      // A button is expected; say so and show the buttons again.
      await ask(ctx, form, lang, `${ctx.t("form-use-buttons")}\n\n`);
      return;
    }
    const today = deps.knowledge.current().workingTime.localDate(deps.now());
    const text = ctx.message.text;
    const result: FieldResult<string | number> =
      field === "parent" || field === "child"
        ? checkPersonName(text)
        : field === "grade"
          ? checkGrade(text)
          : field === "school"
            ? checkSchool(text)
            : field === "conclusionNumber"
              ? checkConclusionNumber(text)
              : checkConclusionDate(text, today);
    if (!result.ok) {
      await ctx.reply(
        `${ctx.t(`form-problem-${result.problem}`)}\n${ctx.t(`form-example-${field}`)}`,
        { reply_markup: field === "conclusionNumber" ? skipKeyboard(ctx) : cancelKeyboard(ctx) },
      );
      return;
    }
    await ask(ctx, { ...form, [field]: result.value }, lang);
  });
  return feature;
};

const skipKeyboard = (ctx: BotContext) =>
  new InlineKeyboard()
    .text(ctx.t("form-skip"), formData.skip)
    .row()
    .text(ctx.t("form-cancel"), formData.cancel);

/**
 * Where the paper goes: the school's (or organisation's) office, its reception hours and
 * whether it takes documents now. A paper form is never sent to egov.kz, which has its own form.
 */
function caption(ctx: BotContext, deps: BotDeps, form: FormSession, lang: Language): string {
  const hours = deps.knowledge.current().catalogue.workingHours;
  const card = deps.serviceCard(form.serviceId);
  const office = card ? officeText(ctx, card, lang, hours) : "";
  const attachments =
    card?.channels
      .find((c) => c.kind === "provider_office")
      ?.documents.filter((d) => !isFreeFormApplication(d))
      .map((d) => d.name[lang])
      .join("; ") ?? "";
  return [
    ctx.t(form.kind === "official" ? "form-ready-official" : "form-ready-plain", { attachments }),
    ctx.t("form-office-hours", hoursVariables(hours, lang)),
    office,
  ]
    .filter(Boolean)
    .join("\n\n");
}
