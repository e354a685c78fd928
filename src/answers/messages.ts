import type { FluentVariable } from "@fluent/bundle";
import type { I18n } from "@grammyjs/i18n";
import type { Language } from "../i18n.ts";

export type Translate = (
  lang: Language,
  id: string,
  vars?: Record<string, FluentVariable>,
) => string;

/**
 * The answers' messages (`locales/<lang>/answers.ftl`) from the app's one Fluent loader. A
 * missing id is a bug in an answer, not a word to show a parent, so it throws.
 */
export function answerMessages(i18n: I18n): Translate {
  return (lang, id, vars) => {
    const text = i18n.t(lang, id, vars);
    if (text === id)
      throw new Error(`Missing message ${id} in ${lang}/answers.ftl or conversation.ftl`);
    return text;
  };
}
