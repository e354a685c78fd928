import { I18n } from "@grammyjs/i18n";
import type { Context } from "grammy";

export const languages = ["kk", "ru"] as const;
export type Language = (typeof languages)[number];

export function isLanguage(value: unknown): value is Language {
  return value === "kk" || value === "ru";
}

/**
 * The Fluent messages of `locales/<lang>/<feature>.ftl`. The composition root (`app-deps.ts`)
 * and the CLI call this once and pass the result down as `deps.i18n`: the bot uses it as grammY
 * middleware; the console, the answers, the workers and the CLI call `t(lang, key, vars)`.
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
