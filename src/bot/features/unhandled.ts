import type { BotContext } from "../context.ts";
import type { FeatureFactory } from "../deps.ts";
import { FeatureComposer } from "../helpers/feature-composer.ts";
import { homeKeyboard } from "../keyboards/main-menu.ts";

/**
 * Last in the chain: whatever no feature took. Unknown commands, stickers and media get a
 * hint; a button nobody recognises (an old message, a removed feature) says it expired.
 */
export const unhandledFeature: FeatureFactory = () => {
  const feature = new FeatureComposer<BotContext>();
  feature.on("callback_query", async (ctx) => {
    await ctx.answerCallbackQuery({ text: ctx.t("unhandled-stale-button"), show_alert: true });
    await ctx.reply(ctx.t("menu-title"), { reply_markup: homeKeyboard(ctx) });
  });
  feature.on("message:entities:bot_command", (ctx) =>
    ctx.reply(ctx.t("unhandled-command"), { reply_markup: homeKeyboard(ctx) }),
  );
  feature.on("message:sticker", (ctx) =>
    ctx.reply(ctx.t("unhandled-sticker"), { reply_markup: homeKeyboard(ctx) }),
  );
  feature.on("message", (ctx) =>
    ctx.reply(ctx.t("unhandled-message"), { reply_markup: homeKeyboard(ctx) }),
  );
  return feature;
};
