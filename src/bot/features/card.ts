import { InlineKeyboard } from "grammy";
import { cardPattern, cardSectionPattern } from "../callback-data.ts";
import type { BotContext } from "../context.ts";
import type { BotDeps, FeatureFactory } from "../deps.ts";
import { rememberTopic } from "../helpers/dialogue.ts";
import { FeatureComposer } from "../helpers/feature-composer.ts";
import { currentLanguage } from "../helpers/language.ts";
import { replyHtml } from "../helpers/reply.ts";
import { homeKeyboard, menuData } from "../keyboards/main-menu.ts";
import {
  type CardSection,
  cardData,
  cardKeyboard,
  renderCard,
  renderSection,
} from "../render/card.ts";

/** Sends a service card as a new message (from the services list, a related link, a prerequisite). */
export async function sendCard(ctx: BotContext, deps: BotDeps, serviceId: string) {
  const lang = await currentLanguage(ctx);
  const card = deps.serviceCard(serviceId);
  if (!card) return ctx.reply(ctx.t("card-not-found"), { reply_markup: homeKeyboard(ctx) });
  rememberTopic(ctx.session, { service: card.serviceId }, deps.now());
  const keyboard = cardKeyboard(ctx, card, lang).text(ctx.t("menu-home"), menuData.home);
  return replyHtml(
    ctx,
    renderCard(ctx, card, lang, deps.knowledge.current().catalogue.workingHours),
    keyboard,
  );
}

/**
 * Service cards and their sections. The buttons carry the service id and section only, so they
 * keep working on old messages and after restarts; an unknown service says the card is gone.
 */
export const cardFeature: FeatureFactory = (deps) => {
  const feature = new FeatureComposer<BotContext>();
  feature.callbackQuery(menuData.services, async (ctx) => {
    await ctx.answerCallbackQuery();
    const lang = await currentLanguage(ctx);
    const keyboard = new InlineKeyboard();
    // The order and who the list is for are data (`knowledge/parents-menu.yaml`): services
    // for teachers stay answerable but are not offered to parents.
    const { catalogue } = deps.knowledge.current();
    for (const id of catalogue.parentsMenu.parents) {
      const service = catalogue.getService(id);
      if (service) keyboard.text(service.shortName[lang], cardData.card(service.id)).row();
    }
    keyboard.text(ctx.t("menu-home"), menuData.home);
    await ctx.reply(ctx.t("card-services-title"), { reply_markup: keyboard });
  });
  feature.callbackQuery(cardPattern, async (ctx) => {
    await ctx.answerCallbackQuery();
    await sendCard(ctx, deps, ctx.match[1] ?? "");
  });
  feature.callbackQuery(cardSectionPattern, async (ctx) => {
    const lang = await currentLanguage(ctx);
    const card = deps.serviceCard(ctx.match[1] ?? "");
    const text = card && renderSection(ctx, card, ctx.match[2] as CardSection, lang);
    if (!text) {
      await ctx.answerCallbackQuery({ text: ctx.t("unhandled-stale-button"), show_alert: true });
      return;
    }
    await ctx.answerCallbackQuery();
    await replyHtml(ctx, text, homeKeyboard(ctx));
  });
  return feature;
};
