import { isLanguage, type Language } from "../../i18n.ts";

/** Letters that exist in Kazakh Cyrillic but not in Russian. */
const kazakhLetters = /[әғқңөұүһіӘҒҚҢӨҰҮҺІ]/;
const cyrillic = /[\u0400-\u04FF]/;
/** Kazakh words often typed without the special letters ("\b" is ASCII-only, hence \p{L}). */
const kazakhWords =
  /(^|[^\p{L}])(бала|балам|баламды|мектеп|мектепке|калай|кайда|керек|кужат|ушин|кашан|неше|бар ма|жок)(?=$|[^\p{L}])/iu;

/** `kk-KZ` → `kk`, `ru` → `ru`; anything else is undefined. */
export function languageFromCode(code: string | undefined): Language | undefined {
  const base = code?.toLowerCase().split(/[-_]/)[0];
  return isLanguage(base) ? base : undefined;
}

/**
 * The language a text is written in, from its script: Kazakh-only letters mean Kazakh, other
 * Cyrillic means Russian, otherwise we cannot tell. Common Kazakh words typed without the
 * special letters (a phone keyboard without them) are still recognised.
 */
export function languageFromText(text: string): Language | undefined {
  if (kazakhLetters.test(text)) return "kk";
  if (kazakhWords.test(text)) return "kk";
  if (cyrillic.test(text)) return "ru";
  return undefined;
}

/** The interface language of this update. */
export async function currentLanguage(ctx: {
  i18n: { getLocale(): Promise<string> };
}): Promise<Language> {
  const locale = await ctx.i18n.getLocale();
  return isLanguage(locale) ? locale : "kk";
}
