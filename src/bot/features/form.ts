import { Composer, InlineKeyboard, InputFile } from "grammy";
import { renderApplicationForm } from "../../cards/application-form.ts";
import { cardData, formPattern } from "../callback-data.ts";
import type { BotContext, FormSession } from "../context.ts";
import type { FeatureFactory } from "../deps.ts";
import { currentLanguage } from "../helpers/language.ts";
import { homeKeyboard, menuData } from "../keyboards/main-menu.ts";
import { servicesWithForm } from "../render/card.ts";

type Field = NonNullable<FormSession["awaiting"]>;
const order: Field[] = ["childName", "grade", "address"];

/** Whether a typed value fits the field; the cleaned value when it does. */
function validate(field: Field, text: string): string | undefined {
  const value = text.trim().replace(/\s+/g, " ");
  if (field === "grade") return /^(0|[1-9]|1[0-2])$/.test(value) ? value : undefined;
  if (field === "childName")
    return /^[\p{L}' -]{3,80}$/u.test(value) && /\p{L}/u.test(value) ? value : undefined;
  return value.length >= 5 && value.length <= 200 ? value : undefined;
}

const cancelKeyboard = (ctx: BotContext) =>
  new InlineKeyboard().text(ctx.t("form-cancel"), cardData.formCancel);

/**
 * The application form (annex 2 of order No. 223) filled with what the parent types: the child's
 * name, class and address, asked one by one and validated. The answers wait in the session only
 * until the document is sent, then they are deleted; they are never logged.
 */
export const formFeature: FeatureFactory = () => {
  const feature = new Composer<BotContext>();
  feature.callbackQuery(cardData.formCancel, async (ctx) => {
    ctx.session.form = undefined;
    await ctx.answerCallbackQuery();
    await ctx.reply(ctx.t("help-cancelled"), { reply_markup: homeKeyboard(ctx) });
  });
  feature.callbackQuery(formPattern, async (ctx) => {
    const serviceId = ctx.match[1] ?? "";
    if (!servicesWithForm.has(serviceId)) {
      await ctx.answerCallbackQuery({ text: ctx.t("unhandled-stale-button"), show_alert: true });
      return;
    }
    await ctx.answerCallbackQuery();
    ctx.session.form = { serviceId, awaiting: "childName" };
    await ctx.reply(`${ctx.t("form-intro")}\n\n${ctx.t("form-ask-childName")}`, {
      reply_markup: cancelKeyboard(ctx),
    });
  });
  feature.on("message:text", async (ctx, next) => {
    const form = ctx.session.form;
    if (!form?.awaiting || ctx.message.text.startsWith("/")) return next();
    const field = form.awaiting;
    const value = validate(field, ctx.message.text);
    if (!value) {
      await ctx.reply(ctx.t(`form-invalid-${field}`), { reply_markup: cancelKeyboard(ctx) });
      return;
    }
    const filled: FormSession = { ...form, [field]: value };
    const nextField = order[order.indexOf(field) + 1];
    if (nextField) {
      ctx.session.form = { ...filled, awaiting: nextField };
      await ctx.reply(ctx.t(`form-ask-${nextField}`), { reply_markup: cancelKeyboard(ctx) });
      return;
    }
    ctx.session.form = undefined;
    const lang = await currentLanguage(ctx);
    const html = renderApplicationForm(
      {
        childName: filled.childName ?? "",
        grade: filled.grade ?? "",
        address: filled.address ?? "",
      },
      lang,
    );
    await ctx.replyWithDocument(
      new InputFile(Buffer.from(html, "utf8"), lang === "kk" ? "otinish.html" : "zayavlenie.html"),
      {
        caption: ctx.t("form-ready"),
        reply_markup: new InlineKeyboard().text(ctx.t("menu-home"), menuData.home),
      },
    );
  });
  return feature;
};
