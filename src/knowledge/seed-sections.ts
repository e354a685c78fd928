import { z } from "zod";
import { localizedTextSchema, type Section } from "./schemas.ts";

/** `knowledge/seed-sections.yaml`: how each seed text is cut into a source's sections. */
export const seedSectionsFileSchema = z.object({
  seeds: z
    .array(
      z.object({
        /** The source in `sources/<source>.yaml` whose sections come from this seed. */
        source: z.string().min(1),
        seedFile: z.string().regex(/^\d{3}_[0-9a-f]+\.txt$/),
        sections: z
          .array(
            z.object({
              id: z.string().min(1),
              label: localizedTextSchema,
              /** A regular expression; the first matching line starts the section. */
              at: z.string().min(1).refine(isRegExp, "expected a valid regular expression"),
            }),
          )
          .min(1),
      }),
    )
    .min(1),
});
export type SeedSectionsFile = z.infer<typeof seedSectionsFileSchema>;
export type SeedSections = SeedSectionsFile["seeds"][number];

function isRegExp(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}

/**
 * Cuts a seed text into sections at its markers, verbatim (only each section's ends are
 * trimmed). Throws when a marker is missing, text precedes the first one, a section is empty or
 * the sections do not add up to the whole seed.
 */
export function splitSeed(text: string, seed: SeedSections): Section[] {
  const lines = text.split("\n");
  const starts: number[] = [];
  let from = 0;
  for (const marker of seed.sections) {
    const at = new RegExp(marker.at);
    const i = lines.findIndex((line, n) => n >= from && at.test(line));
    if (i < 0) throw new Error(`marker ${marker.id} (${marker.at}) not found after line ${from}`);
    starts.push(i);
    from = i + 1;
  }
  if (starts[0] !== 0 && lines.slice(0, starts[0]).some((l) => l.trim()))
    throw new Error(`text before the first marker ${seed.sections[0]?.id}`);
  const sections = seed.sections.map((marker, k) => ({
    id: marker.id,
    label: marker.label,
    text: lines
      .slice(starts[k], starts[k + 1] ?? lines.length)
      .join("\n")
      .trim(),
    language: "kk" as const,
  }));
  const squash = (s: string) => s.replace(/\s+/g, "");
  if (squash(sections.map((s) => s.text).join("")) !== squash(text))
    throw new Error("sections do not add up to the original text");
  const empty = sections.find((s) => !s.text);
  if (empty) throw new Error(`empty section ${empty.id}`);
  return sections;
}
