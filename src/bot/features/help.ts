import type { BotContext } from "../context.ts";
import type { FeatureFactory } from "../deps.ts";
import { FeatureComposer } from "../helpers/feature-composer.ts";
import { homeKeyboard, menuData } from "../keyboards/main-menu.ts";

/** /help: what the bot can do and the commands; /cancel: drop what was being filled in. */
export const helpFeature: FeatureFactory = () => {
  const feature = new FeatureComposer<BotContext>();
  const help = (ctx: BotContext) =>
    ctx.reply(ctx.t("help-text"), { reply_markup: homeKeyboard(ctx) });
  feature.command("help", help);
  feature.callbackQuery(menuData.help, async (ctx) => {
    await ctx.answerCallbackQuery();
    await help(ctx);
  });
  feature.command("cancel", async (ctx) => {
    const hadSomething = Boolean(ctx.session.flow || ctx.session.form);
    ctx.session.flow = undefined;
    ctx.session.form = undefined;
    await ctx.reply(ctx.t(hadSomething ? "help-cancelled" : "help-nothing-to-cancel"), {
      reply_markup: homeKeyboard(ctx),
    });
  });
  return feature;
};
