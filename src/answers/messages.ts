import { readFileSync } from "node:fs";
import { FluentBundle, FluentResource, type FluentVariable } from "@fluent/bundle";
import type { Lang } from "../search/passage.ts";

export type Translate = (lang: Lang, id: string, vars?: Record<string, FluentVariable>) => string;

/** The Fluent files the answer service speaks from (the bot loads them too, with all others). */
const files = ["answers.ftl", "conversation.ftl"];

/**
 * Loads the answer service's Fluent files for both languages; a missing id is a bug, so it
 * throws.
 */
export function loadAnswerMessages(
  localesDir = new URL("../../locales/", import.meta.url),
): Translate {
  const bundles = new Map<Lang, FluentBundle>();
  for (const lang of ["kk", "ru"] as const) {
    const bundle = new FluentBundle(lang, { useIsolating: false });
    for (const name of files) {
      const file = new URL(`${lang}/${name}`, localesDir);
      const errors = bundle.addResource(new FluentResource(readFileSync(file, "utf8")));
      if (errors.length > 0) throw new Error(`Invalid ${lang}/${name}`, { cause: errors });
    }
    bundles.set(lang, bundle);
  }
  return (lang, id, vars) => {
    const bundle = bundles.get(lang);
    const message = bundle?.getMessage(id);
    if (!bundle || !message?.value)
      throw new Error(`Missing message ${id} in ${lang}/{${files.join(",")}}`);
    return bundle.formatPattern(message.value, vars);
  };
}
