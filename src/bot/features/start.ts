import type { BotContext } from "../context.ts";
import type { FeatureFactory } from "../deps.ts";
import { FeatureComposer } from "../helpers/feature-composer.ts";
import { mainMenuKeyboard } from "../keyboards/main-menu.ts";

/** /start: a short greeting in the parent's language and the main menu. */
export const startFeature: FeatureFactory = () => {
  const feature = new FeatureComposer<BotContext>();
  feature.chatType("private").command("start", async (ctx) => {
    ctx.session.flow = undefined;
    ctx.session.form = undefined;
    await ctx.reply(ctx.t("start-greeting"), { reply_markup: mainMenuKeyboard(ctx) });
  });
  return feature;
};
