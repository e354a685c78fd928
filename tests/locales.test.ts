import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { FluentResource } from "@fluent/bundle";
import { describe, expect, it } from "vitest";

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
