import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { openValidatedFiles } from "./validated-cache.ts";

/** One lower-case Cyrillic word (Kazakh letters included); no Latin look-alikes, no spaces. */
const wordSchema = z
  .string()
  .regex(/^[а-яёәғқңөұүһі]+$/, "expected one lower-case Cyrillic word (no Latin letters)");

/** A list of words in which each appears once. */
const wordListSchema = z
  .array(wordSchema)
  .min(1)
  .superRefine((words, ctx) => {
    const seen = new Set<string>();
    for (const [index, word] of words.entries()) {
      if (seen.has(word))
        ctx.addIssue({ code: "custom", path: [index], message: `"${word}" twice` });
      seen.add(word);
    }
  });

/** `knowledge/words.yaml`: the words the code reads to understand a message. */
export const wordListsSchema = z.object({
  /** Kazakh question particles (ма, ме, ба…): a sign of Kazakh and no topic for search. */
  questionParticles: wordListSchema,
  /** Frequent words that tell Kazakh from Russian when no Kazakh letter is typed. */
  languageCues: z.object({ kk: wordListSchema, ru: wordListSchema }),
  /** Function words and greetings that carry no topic: search drops them. */
  stopwords: wordListSchema,
  /** Words of a question or a sentence that never stand in a person's name (compared as written). */
  notNameWords: z.object({ kk: wordListSchema, ru: wordListSchema }),
});
export type WordLists = z.infer<typeof wordListsSchema>;

/**
 * Reads and validates a word-lists file; a bad word stops the start naming its place. With
 * `cacheDir`, a text validated before is read back from there (`validated-cache.ts`).
 */
export function loadWordLists(file: string, cacheDir?: string): WordLists {
  const text = readFileSync(file, "utf8");
  const validated = openValidatedFiles(cacheDir, "words", path.dirname(file));
  const rel = path.basename(file);
  const known = validated.get(rel, text);
  if (known !== undefined) return known as WordLists;
  // Synchronous, at import: the YAML parser loads only when the stored copy cannot be used.
  const { parse } = createRequire(import.meta.url)("yaml") as typeof import("yaml");
  const parsed = wordListsSchema.safeParse(parse(text));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new Error(`words.yaml: ${problems.join("; ")}`);
  }
  validated.set(rel, text, parsed.data);
  validated.save();
  return parsed.data;
}

/**
 * The repository's word lists, read once when first imported. They describe the two languages,
 * not the services, so they travel with the code: `KNOWLEDGE_DIR` swaps the catalogue of facts,
 * while language detection, search and the name check keep these same words. For the same
 * reason their validated copy is kept next to the code, in the repository's `.cache/` (this
 * runs at import, before the config is read).
 */
export const wordLists: WordLists = loadWordLists(
  fileURLToPath(new URL("../../knowledge/words.yaml", import.meta.url)),
  fileURLToPath(new URL("../../.cache", import.meta.url)),
);
