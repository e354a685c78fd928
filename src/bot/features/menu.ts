import { Composer } from "grammy";
import type { BotContext } from "../context.ts";
import type { FeatureFactory } from "../deps.ts";
import { mainMenuKeyboard, menuData } from "../keyboards/main-menu.ts";

/** The main menu, reachable from every answer and card. */
export const menuFeature: FeatureFactory = () => {
  const feature = new Composer<BotContext>();
  const show = (ctx: BotContext) =>
    ctx.reply(ctx.t("menu-title"), { reply_markup: mainMenuKeyboard(ctx) });
  feature.command("menu", show);
  feature.callbackQuery(menuData.home, async (ctx) => {
    await ctx.answerCallbackQuery();
    await show(ctx);
  });
  return feature;
};
