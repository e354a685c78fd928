import { createI18n, type Language } from "../i18n.ts";

/** `t(language, key)` from the shared Fluent catalogue. */
export type Translate = (
  language: Language,
  key: string,
  variables?: Record<string, string | number>,
) => string;

/** A {@link Translate} over the shared Fluent catalogue (`locales/<lang>/*.ftl`). */
export function createTranslate(localesDir: string): Translate {
  const i18n = createI18n(localesDir);
  return (language, key, variables) => i18n.t(language, key, variables);
}
