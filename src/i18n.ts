import { I18n } from "@grammyjs/i18n";
import type { Context } from "grammy";

export const languages = ["kk", "ru"] as const;
export type Language = (typeof languages)[number];

export function isLanguage(value: unknown): value is Language {
  return value === "kk" || value === "ru";
}

/**
 * One Fluent catalogue for every transport: `locales/<lang>/<feature>.ftl`.
 * The bot uses it as grammY middleware; the console, answers and CLI call `t(lang, key, vars)`.
 */
export function createI18n<C extends Context = Context>(localesDir: string): I18n<C> {
  const i18n = new I18n<C>({
    defaultLocale: "kk",
    useSession: true,
    fluentBundleOptions: { useIsolating: false },
  });
  i18n.loadLocalesDirSync(localesDir);
  return i18n;
}
