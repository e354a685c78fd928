import { InlineKeyboard } from "grammy";
import { isLanguage } from "../../i18n.ts";
import { languageData, languagePattern } from "../callback-data.ts";
import type { BotContext } from "../context.ts";
import type { FeatureFactory } from "../deps.ts";
import { FeatureComposer } from "../helpers/feature-composer.ts";
import { mainMenuKeyboard, menuData } from "../keyboards/main-menu.ts";

function languageKeyboard() {
  // Each language's name in itself, so a parent finds theirs whatever is shown now.
  return new InlineKeyboard()
    .text("Қазақша", languageData("kk"))
    .text("Русский", languageData("ru"));
}

/** /lang and the Language button: choose Kazakh or Russian, any time. */
export const languageFeature: FeatureFactory = () => {
  const feature = new FeatureComposer<BotContext>();
  const ask = (ctx: BotContext) =>
    ctx.reply(ctx.t("language-choose"), { reply_markup: languageKeyboard() });
  feature.command(["lang", "language"], ask);
  feature.callbackQuery(menuData.language, async (ctx) => {
    await ctx.answerCallbackQuery();
    await ask(ctx);
  });
  feature.callbackQuery(languagePattern, async (ctx) => {
    const lang = ctx.match[1];
    if (isLanguage(lang)) await ctx.i18n.setLocale(lang);
    await ctx.answerCallbackQuery({ text: ctx.t("language-changed") });
    await ctx.editMessageText(ctx.t("language-changed"));
    await ctx.reply(ctx.t("menu-title"), { reply_markup: mainMenuKeyboard(ctx) });
  });
  return feature;
};
