import type { InlineKeyboardMarkup } from "grammy/types";
import { callbackPrefixes, parseReminderData, reminderData } from "../bot/callback-data.ts";
import { createI18n, isLanguage, type Language } from "../i18n.ts";

/** `t(language, key)` from the shared Fluent catalogue. */
export type Translate = (
  language: Language,
  key: string,
  variables?: Record<string, string | number>,
) => string;

/** The one-tap "unsubscribe from this school" button: `bcu:<campaignId>` (see the bot's list). */
export const unsubscribeCallbackPrefix = callbackPrefixes.reminder;
export const unsubscribeCallbackData = reminderData;
export const parseUnsubscribeCallback = parseReminderData;

/** Exactly what a parent receives: the text in their language and the unsubscribe button. */
export function renderReminder(
  t: Translate,
  campaign: { id: number; text_kk: string; text_ru: string },
  language: string,
): { text: string; replyMarkup: InlineKeyboardMarkup } {
  const lang: Language = isLanguage(language) ? language : "kk";
  return {
    text: lang === "ru" ? campaign.text_ru : campaign.text_kk,
    replyMarkup: {
      inline_keyboard: [
        [
          {
            text: t(lang, "broadcasts-unsubscribe-button"),
            callback_data: unsubscribeCallbackData(campaign.id),
          },
        ],
      ],
    },
  };
}

/** A {@link Translate} over the shared Fluent catalogue (`locales/<lang>/*.ftl`). */
export function createTranslate(localesDir: string): Translate {
  const i18n = createI18n(localesDir);
  return (language, key, variables) => i18n.t(language, key, variables);
}
