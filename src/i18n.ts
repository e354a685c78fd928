import { I18n } from "@grammyjs/i18n";
import type { Context } from "grammy";

export const languages = ["kk", "ru"] as const;
export type Language = (typeof languages)[number];
/** The language of a parent whose language is not known yet, and of every missing message. */
export const defaultLanguage: Language = "kk";

export function isLanguage(value: unknown): value is Language {
  return value === "kk" || value === "ru";
}

/** More distinct locale lists than this (Telegram's language codes vary) are negotiated afresh. */
const NEGOTIATED_LIMIT = 64;

/**
 * The Fluent messages of `locales/<lang>/<feature>.ftl`. The composition root (`app-deps.ts`)
 * and the CLI call this once and pass the result down as `deps.i18n`: the bot uses it as grammY
 * middleware; the console, the answers, the workers and the CLI call `t(lang, key, vars)`.
 */
export function createI18n<C extends Context = Context>(localesDir: string): I18n<C> {
  const i18n = new I18n<C>({
    defaultLocale: defaultLanguage,
    useSession: true,
    fluentBundleOptions: { useIsolating: false },
  });
  i18n.loadLocalesDirSync(localesDir);
  negotiateOnce(i18n.fluent);
  return i18n;
}

/**
 * @grammyjs/i18n negotiates the language (Intl locale matching over every bundle) on every
 * message it formats, a few dozen times per console page or bot reply. The bundles are all
 * loaded above and never change, so each list of locales is negotiated once and remembered.
 */
function negotiateOnce(fluent: unknown) {
  const target = fluent as { matchBundles?: (locales: string[]) => Set<unknown> };
  const match = target.matchBundles?.bind(fluent);
  if (!match) return;
  const negotiated = new Map<string, Set<unknown>>();
  target.matchBundles = (locales) => {
    const key = locales.join("\n");
    let bundles = negotiated.get(key);
    if (!bundles) {
      bundles = match(locales);
      if (negotiated.size < NEGOTIATED_LIMIT) negotiated.set(key, bundles);
    }
    return bundles;
  };
}
