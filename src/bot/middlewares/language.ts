import type { MiddlewareFn } from "grammy";
import { isLanguage, type Language } from "../../i18n.ts";
import type { BotContext } from "../context.ts";
import { languageFromCode, languageFromText } from "../helpers/language.ts";

/**
 * Settles the interface language on first contact: the Telegram client's `language_code` when it
 * is Kazakh or Russian, else the script of what the parent typed, else Kazakh. Stored in the
 * session so it stays until the parent changes it with /lang.
 */
export function settleInterfaceLanguage(): MiddlewareFn<BotContext> {
  const settle = async (ctx: BotContext, found: Language | undefined) => {
    if (found) await ctx.i18n.setLocale(found);
    else ctx.i18n.useLocale("kk");
  };
  // Not async: once settled (nearly every update) it only passes the update on.
  return (ctx, next) => {
    if (isLanguage(ctx.session.__language_code)) return next();
    const text = ctx.message?.text ?? ctx.message?.caption ?? "";
    const found = languageFromCode(ctx.from?.language_code) ?? languageFromText(text);
    return settle(ctx, found).then(next);
  };
}
