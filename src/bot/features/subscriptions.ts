import { InlineKeyboard } from "grammy";
import { gradesOfInterest, isGradeOfInterest } from "../../broadcasts/grades.ts";

import {
  listSubscriptions,
  setSubscriberActive,
  subscribe,
  unsubscribe,
  unsubscribeFromProvider,
} from "../../broadcasts/subscriptions.ts";
import { isLanguage, type Language } from "../../i18n.ts";
import {
  getProvider,
  listRegions,
  reminderKinds,
  searchProviders,
} from "../../providers/directory.ts";
import {
  parseReminderData,
  reminderPattern,
  subscriptionData,
  subscriptionPatterns,
} from "../callback-data.ts";
import type { BotContext } from "../context.ts";
import type { BotDeps, FeatureFactory } from "../deps.ts";
import { FeatureComposer } from "../helpers/feature-composer.ts";
import { menuData } from "../keyboards/main-menu.ts";

declare module "../context.ts" {
  interface SessionData {
    /** Owned by the subscriptions feature: the /subscribe steps chosen so far (ids only). */
    subscriptions?: {
      regionId?: string;
      awaiting?: "school";
      /** School ids offered as buttons; callback data carries the index (ids can be long). */
      candidates?: string[];
      providerId?: string;
      grade?: string;
    };
  }
}

const data = { ...subscriptionPatterns, reminderUnsubscribe: reminderPattern } as const;

const gradeKey = (grade: string) => `subscriptions-grade-${grade.replaceAll("_", "-")}`;

async function languageOf(ctx: BotContext): Promise<Language> {
  const locale = await ctx.i18n.getLocale();
  return isLanguage(locale) ? locale : "kk";
}

/**
 * /subscribe (region → school by name or number → grade of interest → language),
 * /subscriptions and /unsubscribe, the reminders' one-tap unsubscribe button, and
 * `my_chat_member`: a parent who blocks the bot is not sent to until they come back.
 */
export const subscriptionsFeature: FeatureFactory = (deps: BotDeps) => {
  const feature = new FeatureComposer<BotContext>();
  const { db } = deps;

  const providerName = (provider: { name_kk: string; name_ru: string }, language: Language) =>
    language === "ru" ? provider.name_ru : provider.name_kk;

  async function askRegion(ctx: BotContext) {
    const language = await languageOf(ctx);
    const regions = await listRegions(db);
    const keyboard = new InlineKeyboard();
    for (const region of regions)
      keyboard
        .text(
          language === "ru" ? region.region_ru : region.region_kk,
          subscriptionData.region(region.region_id),
        )
        .row();
    ctx.session.subscriptions = {};
    await ctx.reply(ctx.t("subscriptions-choose-region"), { reply_markup: keyboard });
  }

  async function offerSchools(ctx: BotContext, query?: string) {
    const state = ctx.session.subscriptions ?? {};
    const language = await languageOf(ctx);
    const schools = await searchProviders(db, {
      ...(state.regionId ? { regionId: state.regionId } : {}),
      kinds: reminderKinds(deps.knowledge.current().catalogue),
      ...(query ? { query } : {}),
      limit: 8,
    });
    ctx.session.subscriptions = {
      ...state,
      awaiting: "school",
      candidates: schools.map((s) => s.id),
    };
    if (schools.length === 0) {
      await ctx.reply(ctx.t("subscriptions-school-not-found"));
      return;
    }
    const keyboard = new InlineKeyboard();
    for (const [index, school] of schools.entries())
      keyboard.text(providerName(school, language), subscriptionData.school(index)).row();
    await ctx.reply(ctx.t(query ? "subscriptions-school-results" : "subscriptions-choose-school"), {
      reply_markup: keyboard,
    });
  }

  async function showSubscriptions(ctx: BotContext, forRemoval: boolean) {
    const chatId = ctx.chat?.id;
    if (chatId === undefined) return;
    const language = await languageOf(ctx);
    const list = await listSubscriptions(db, chatId);
    if (list.length === 0) {
      await ctx.reply(ctx.t("subscriptions-none"));
      return;
    }
    const lines = list.map(
      (s, i) =>
        `${i + 1}. ${language === "ru" ? s.providerNameRu : s.providerNameKk}: ${ctx.t(gradeKey(s.grade))}`,
    );
    const keyboard = new InlineKeyboard();
    for (const [i, s] of list.entries())
      keyboard
        .text(ctx.t("subscriptions-remove-button", { n: i + 1 }), subscriptionData.remove(s.id))
        .row();
    await ctx.reply(
      `${ctx.t(forRemoval ? "subscriptions-choose-remove" : "subscriptions-list-title")}\n${lines.join("\n")}`,
      { reply_markup: keyboard },
    );
  }

  feature.command("subscribe", askRegion);
  feature.callbackQuery(menuData.subscribe, async (ctx) => {
    await ctx.answerCallbackQuery();
    await askRegion(ctx);
  });
  feature.command("subscriptions", (ctx) => showSubscriptions(ctx, false));
  feature.command("unsubscribe", (ctx) => showSubscriptions(ctx, true));

  feature.callbackQuery(data.region, async (ctx) => {
    await ctx.answerCallbackQuery();
    ctx.session.subscriptions = { regionId: ctx.match[1] as string };
    await ctx.reply(ctx.t("subscriptions-type-school"));
    await offerSchools(ctx);
  });

  feature.on("message:text", async (ctx, next) => {
    const state = ctx.session.subscriptions;
    if (state?.awaiting !== "school" || ctx.message.text.startsWith("/")) return next();
    await offerSchools(ctx, ctx.message.text.trim().slice(0, 100));
  });

  feature.callbackQuery(data.school, async (ctx) => {
    await ctx.answerCallbackQuery();
    const state = ctx.session.subscriptions;
    const providerId = state?.candidates?.[Number(ctx.match[1])];
    if (!providerId) return askRegion(ctx);
    ctx.session.subscriptions = {
      ...state,
      awaiting: undefined,
      candidates: undefined,
      providerId,
    };
    const keyboard = new InlineKeyboard();
    for (const grade of gradesOfInterest)
      keyboard.text(ctx.t(gradeKey(grade)), subscriptionData.grade(grade)).row();
    await ctx.reply(ctx.t("subscriptions-choose-grade"), { reply_markup: keyboard });
  });

  feature.callbackQuery(data.grade, async (ctx) => {
    await ctx.answerCallbackQuery();
    const state = ctx.session.subscriptions;
    if (!state?.providerId || !isGradeOfInterest(ctx.match[1])) return askRegion(ctx);
    ctx.session.subscriptions = { ...state, grade: ctx.match[1] };
    await ctx.reply(ctx.t("subscriptions-choose-language"), {
      reply_markup: new InlineKeyboard()
        .text("Қазақша", subscriptionData.language("kk"))
        .text("Русский", subscriptionData.language("ru")),
    });
  });

  feature.callbackQuery(data.language, async (ctx) => {
    await ctx.answerCallbackQuery();
    const state = ctx.session.subscriptions;
    const language = ctx.match[1];
    const chatId = ctx.chat?.id;
    if (
      !state?.providerId ||
      !isGradeOfInterest(state.grade) ||
      !isLanguage(language) ||
      chatId === undefined
    )
      return askRegion(ctx);
    const provider = await getProvider(db, state.providerId);
    if (!provider) return askRegion(ctx);
    await subscribe(db, { chatId, providerId: provider.id, grade: state.grade, language });
    ctx.session.subscriptions = undefined;
    await ctx.reply(
      ctx.t("subscriptions-done", {
        school: providerName(provider, await languageOf(ctx)),
        grade: ctx.t(gradeKey(state.grade)),
      }),
    );
  });

  feature.callbackQuery(data.remove, async (ctx) => {
    const removed = await unsubscribe(db, ctx.from.id, Number(ctx.match[1]));
    await ctx.answerCallbackQuery({
      text: ctx.t(removed ? "subscriptions-removed" : "subscriptions-already-removed"),
    });
    await showSubscriptions(ctx, false);
  });

  feature.callbackQuery(data.reminderUnsubscribe, async (ctx) => {
    const campaignId = parseReminderData(ctx.callbackQuery.data);
    const recipient =
      campaignId === undefined
        ? undefined
        : await db
            .selectFrom("campaign_recipient")
            .select("provider_id")
            .where("campaign_id", "=", campaignId)
            .where("chat_id", "=", ctx.from.id)
            .executeTakeFirst();
    const removed = recipient
      ? await unsubscribeFromProvider(db, ctx.from.id, recipient.provider_id)
      : 0;
    const key = removed > 0 ? "broadcasts-unsubscribed" : "broadcasts-unsubscribe-unknown";
    await ctx.answerCallbackQuery({ text: ctx.t(key) });
    await ctx.reply(ctx.t(key));
  });

  feature.on("my_chat_member", async (ctx, next) => {
    if (ctx.chat.type !== "private") return next();
    const status = ctx.myChatMember.new_chat_member.status;
    if (status === "kicked" || status === "left") await setSubscriberActive(db, ctx.chat.id, false);
    else if (status === "member") await setSubscriberActive(db, ctx.chat.id, true);
  });

  return feature;
};
