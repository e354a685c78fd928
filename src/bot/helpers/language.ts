import { detectLanguage } from "../../answers/language.ts";
import { isLanguage, type Language } from "../../i18n.ts";

const cyrillic = /[\u0400-\u04FF]/;

/** `kk-KZ` → `kk`, `ru` → `ru`; anything else is undefined. */
export function languageFromCode(code: string | undefined): Language | undefined {
  const base = code?.toLowerCase().split(/[-_]/)[0];
  return isLanguage(base) ? base : undefined;
}

/**
 * The language a text is written in, by the answer service's detector (Kazakh letters, frequent
 * Kazakh words typed without them or in Latin script, Russian words). Text with no Cyrillic that
 * does not read as Kazakh ("hello", emoji) tells us nothing.
 */
export function languageFromText(text: string): Language | undefined {
  const detected = detectLanguage(text);
  if (cyrillic.test(text)) return detected;
  return detected === "kk" ? "kk" : undefined;
}

/** The interface language of this update. */
export async function currentLanguage(ctx: {
  i18n: { getLocale(): Promise<string> };
}): Promise<Language> {
  const locale = await ctx.i18n.getLocale();
  return isLanguage(locale) ? locale : "kk";
}
