import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { detectLanguage } from "../../src/answers/language.ts";
import { checkPersonName } from "../../src/documents/fields.ts";
import { loadWordLists, wordLists } from "../../src/knowledge/words.ts";
import { analyse } from "../../src/search/analyse.ts";

const dir = await mkdtemp(path.join(os.tmpdir(), "qoldau-words-"));
afterAll(() => rm(dir, { recursive: true, force: true }));

async function write(name: string, text: string) {
  const file = path.join(dir, name);
  await writeFile(file, text);
  return file;
}

const valid = `questionParticles: [ма, бе]
languageCues: { kk: [керек], ru: [нужно] }
stopwords: [и]
notNameWords: { kk: [неге], ru: [зачем] }
`;

describe("word lists (knowledge/words.yaml)", () => {
  it("refuses a word with a Latin look-alike letter, naming where it is", async () => {
    // "неше" with a Latin e at the end: it would never match what people type.
    const file = await write("latin.yaml", valid.replace("[керек]", "[керек, нешe]"));
    expect(() => loadWordLists(file)).toThrow(/languageCues\.kk\.1: .*no Latin letters/);
  });

  it("refuses a word listed twice in one list", async () => {
    const file = await write("twice.yaml", valid.replace("[и]", "[и, в, и]"));
    expect(() => loadWordLists(file)).toThrow(/stopwords\.2: "и" twice/);
  });

  it("loads the repository's lists, and each part of the code reads the same words", async () => {
    expect(loadWordLists(await write("valid.yaml", valid)).questionParticles).toEqual(["ма", "бе"]);
    expect(wordLists.questionParticles).toContain("ма");
    // A Kazakh question typed without Kazakh letters is told by its particle and cue words.
    expect(detectLanguage("тегин бе")).toBe("kk");
    // The particle carries no topic for search…
    expect(analyse("тегін бе").map((token) => token.token)).toEqual(["тегин"]);
    // …and never stands in a person's name.
    expect(checkPersonName("Асан ма")).toEqual({ ok: false, problem: "question" });
  });
});
