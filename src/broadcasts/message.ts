import type { I18n } from "@grammyjs/i18n";
import type { Language } from "../i18n.ts";

/** `t(language, key)` from the shared Fluent catalogue. */
export type Translate = (
  language: Language,
  key: string,
  variables?: Record<string, string | number>,
) => string;

/** A {@link Translate} over the app's one Fluent loader (`deps.i18n`), loaded once and passed down. */
export function createTranslate(i18n: I18n): Translate {
  return (language, key, variables) => i18n.t(language, key, variables);
}
