import { isLanguage } from "../../i18n.ts";
import type { BotContext } from "../context.ts";
import type { FeatureFactory } from "../deps.ts";
import { FeatureComposer } from "../helpers/feature-composer.ts";
import { hoursVariables } from "../helpers/format.ts";
import { homeKeyboard, menuData } from "../keyboards/main-menu.ts";

/** /contact: the 1414 contact centre and providers' hours (hours from the catalogue). */
export const contactFeature: FeatureFactory = (deps) => {
  const feature = new FeatureComposer<BotContext>();
  const contact = async (ctx: BotContext) => {
    const locale = await ctx.i18n.getLocale();
    const lang = isLanguage(locale) ? locale : "kk";
    await ctx.reply(
      ctx.t("contact-text", hoursVariables(deps.knowledge.current().catalogue.workingHours, lang)),
      {
        reply_markup: homeKeyboard(ctx),
      },
    );
  };
  feature.command("contact", contact);
  feature.callbackQuery(menuData.contact, async (ctx) => {
    await ctx.answerCallbackQuery();
    await contact(ctx);
  });
  return feature;
};
