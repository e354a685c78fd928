import type { MiddlewareFn } from "grammy";
import { isLanguage } from "../../i18n.ts";
import type { BotContext } from "../context.ts";
import { languageFromCode, languageFromText } from "../helpers/language.ts";

/**
 * Settles the interface language on first contact: the Telegram client's `language_code` when it
 * is Kazakh or Russian, else the script of what the parent typed, else Kazakh. Stored in the
 * session so it stays until the parent changes it with /lang.
 */
export function settleInterfaceLanguage(): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    if (!isLanguage(ctx.session.__language_code)) {
      const text = ctx.message?.text ?? ctx.message?.caption ?? "";
      const found = languageFromCode(ctx.from?.language_code) ?? languageFromText(text);
      if (found) await ctx.i18n.setLocale(found);
      else ctx.i18n.useLocale("kk");
    }
    return next();
  };
}
