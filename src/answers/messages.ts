import { readFileSync } from "node:fs";
import { FluentBundle, FluentResource, type FluentVariable } from "@fluent/bundle";
import type { Lang } from "../search/passage.ts";

export type Translate = (lang: Lang, id: string, vars?: Record<string, FluentVariable>) => string;

/** Loads `locales/<lang>/answers.ftl` for both languages; a missing id is a bug, so it throws. */
export function loadAnswerMessages(
  localesDir = new URL("../../locales/", import.meta.url),
): Translate {
  const bundles = new Map<Lang, FluentBundle>();
  for (const lang of ["kk", "ru"] as const) {
    const bundle = new FluentBundle(lang, { useIsolating: false });
    const file = new URL(`${lang}/answers.ftl`, localesDir);
    const errors = bundle.addResource(new FluentResource(readFileSync(file, "utf8")));
    if (errors.length > 0) throw new Error(`Invalid ${lang}/answers.ftl`, { cause: errors });
    bundles.set(lang, bundle);
  }
  return (lang, id, vars) => {
    const bundle = bundles.get(lang);
    const message = bundle?.getMessage(id);
    if (!bundle || !message?.value) throw new Error(`Missing message ${id} in ${lang}/answers.ftl`);
    return bundle.formatPattern(message.value, vars);
  };
}
