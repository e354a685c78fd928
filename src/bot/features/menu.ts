import type { BotContext } from "../context.ts";
import type { FeatureFactory } from "../deps.ts";
import { FeatureComposer } from "../helpers/feature-composer.ts";
import { homeKeyboard, mainMenuKeyboard, menuData } from "../keyboards/main-menu.ts";

/** The main menu, reachable from every answer and card. */
export const menuFeature: FeatureFactory = () => {
  const feature = new FeatureComposer<BotContext>();
  const show = (ctx: BotContext) =>
    ctx.reply(ctx.t("menu-title"), { reply_markup: mainMenuKeyboard(ctx) });
  feature.command("menu", show);
  feature.callbackQuery(menuData.home, async (ctx) => {
    await ctx.answerCallbackQuery();
    await show(ctx);
  });
  // Any typed text is a question (the answers feature); the button only says so, with an example.
  feature.callbackQuery(menuData.ask, async (ctx) => {
    await ctx.answerCallbackQuery();
    await ctx.reply(ctx.t("menu-ask-prompt"), { reply_markup: homeKeyboard(ctx) });
  });
  return feature;
};
