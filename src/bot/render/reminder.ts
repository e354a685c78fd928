import type { InlineKeyboardMarkup } from "grammy/types";
import type { Translate } from "../../broadcasts/message.ts";
import type { Language } from "../../i18n.ts";
import { isLanguage } from "../../i18n.ts";
import { reminderData } from "../callback-data.ts";

/**
 * Exactly what a parent receives from a campaign: the text in their language and the one-tap
 * "unsubscribe from this school" button (`bcu:<campaignId>`, parsed by the subscriptions
 * feature). It lives with the bot because the button is the bot's callback contract.
 */
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
            callback_data: reminderData(campaign.id),
          },
        ],
      ],
    },
  };
}
