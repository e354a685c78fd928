import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { FluentResource } from "@fluent/bundle";
import { describe, expect, it } from "vitest";
import { createI18n } from "../src/i18n.ts";
import { loadCatalogue } from "../src/knowledge/catalogue.ts";

function messageIds(language: string): Map<string, string> {
  const dir = path.join("locales", language);
  const ids = new Map<string, string>();
  for (const file of readdirSync(dir).filter((name) => name.endsWith(".ftl"))) {
    const resource = new FluentResource(readFileSync(path.join(dir, file), "utf8"));
    for (const message of resource.body) ids.set(message.id, file);
  }
  return ids;
}

describe("locales", () => {
  const kk = messageIds("kk");
  const ru = messageIds("ru");

  it("has Kazakh texts", () => {
    expect(kk.size).toBeGreaterThan(0);
  });

  it("has every Kazakh message in Russian, in the file of the same feature", () => {
    const missing = [...kk].filter(([id, file]) => ru.get(id) !== file).map(([id]) => id);
    expect(missing).toEqual([]);
  });

  it("has every Russian message in Kazakh", () => {
    const missing = [...ru.keys()].filter((id) => !kk.has(id));
    expect(missing).toEqual([]);
  });
});

describe("the contact centre's numbers", () => {
  it("are the knowledge's numbers, written once per language as a Fluent term", async () => {
    const { contactCentre } = await loadCatalogue("knowledge");
    const i18n = createI18n("locales");
    for (const lang of ["kk", "ru"]) {
      const terms = readFileSync(path.join("locales", lang, "terms.ftl"), "utf8");
      expect(terms).toContain(`-centre-phone = ${contactCentre.phone}\n`);
      expect(terms).toContain(`-centre-toll-free = ${contactCentre.tollFree}\n`);
      // A message that uses the terms shows the numbers themselves.
      expect(i18n.t(lang, "answers-contacts")).toContain(contactCentre.phone);
      expect(i18n.t(lang, "answers-contacts")).toContain(contactCentre.tollFree);
    }
  });

  it("appear in no message except through the terms", async () => {
    const { contactCentre } = await loadCatalogue("knowledge");
    const written: string[] = [];
    for (const lang of ["kk", "ru"])
      for (const file of readdirSync(path.join("locales", lang))) {
        if (!file.endsWith(".ftl") || file === "terms.ftl") continue;
        const lines = readFileSync(path.join("locales", lang, file), "utf8").split("\n");
        for (const line of lines)
          if (
            !line.trimStart().startsWith("#") &&
            [contactCentre.phone, contactCentre.tollFree].some((n) => line.includes(n))
          )
            written.push(`${lang}/${file}: ${line}`);
      }
    expect(written).toEqual([]);
  });
});
