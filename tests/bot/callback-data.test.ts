import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { aspects } from "../../src/answers/dialogue.ts";
import {
  callbackPrefixes,
  cardData,
  cardPattern,
  cardSectionPattern,
  feedbackData,
  feedbackPattern,
  flowData,
  flowPattern,
  formData,
  formPattern,
  languageData,
  languagePattern,
  menuData,
  reminderData,
  reminderPattern,
  statusData,
  subscriptionData,
  subscriptionPatterns,
  topicData,
  topicPattern,
} from "../../src/bot/callback-data.ts";
import { loadFlows } from "../../src/flows/flows.ts";
import { loadCatalogue } from "../../src/knowledge/catalogue.ts";
import { fitsCallbackData } from "../../src/telegram/limits.ts";

const longest = (values: string[]) =>
  values.reduce((a, b) => (Buffer.byteLength(b) > Buffer.byteLength(a) ? b : a), "");

describe("callback data", () => {
  it("gives each feature its own prefix: none equals or starts another", () => {
    const prefixes = Object.values(callbackPrefixes);
    for (const a of prefixes)
      for (const b of prefixes) if (a !== b) expect(b.startsWith(a), `${a} / ${b}`).toBe(false);
  });

  it("fits every payload the bot can build in 64 bytes, with the longest real ids", async () => {
    const catalogue = await loadCatalogue("knowledge");
    const flows = await loadFlows("flows");
    const service = longest(catalogue.services.map((s) => s.id));
    const payloads: string[] = [
      ...Object.values(menuData),
      languageData("kk"),
      cardData.card(service),
      cardData.section(service, "d9"),
      cardData.form(service),
      formData.cancel,
      formData.skip,
      formData.kind("official"),
      formData.relation("daughter"),
      feedbackData("x".repeat(16), false),
      topicData(service, longest([...aspects])),
      ...Object.values(statusData),
      subscriptionData.school(9999),
      subscriptionData.grade("first_grade"),
      subscriptionData.language("ru"),
      subscriptionData.remove(2_147_483_647),
      reminderData(2_147_483_647),
    ];
    const csv = await readFile("demo/providers.csv", "utf8");
    const regions = csv
      .split("\n")
      .slice(1)
      .map((line) => line.split(",")[4] ?? "")
      .filter(Boolean);
    payloads.push(subscriptionData.region(longest(regions)));
    for (const flow of flows.flows)
      for (const step of flow.definition.steps) {
        const options =
          "options" in step && Array.isArray(step.options)
            ? step.options.map((o: { id: string }) => o.id)
            : [];
        for (const option of [...options, "<", "^"])
          payloads.push(flowData(flow.id, flow.version, step.id, option));
      }
    expect(payloads.length).toBeGreaterThan(30);
    for (const payload of payloads) expect(fitsCallbackData(payload), payload).toBe(true);
  });

  it("matches each payload with its own feature's pattern only", () => {
    const patterns: [string, RegExp][] = [
      ["card", cardPattern],
      ["section", cardSectionPattern],
      ["form", formPattern],
      ["flow", flowPattern],
      ["feedback", feedbackPattern],
      ["language", languagePattern],
      ["topic", topicPattern],
      ["reminder", reminderPattern],
      ...Object.entries(subscriptionPatterns).map(([k, p]) => [`sub-${k}`, p] as [string, RegExp]),
    ];
    const samples: [string, string][] = [
      ["card", cardData.card("home_schooling")],
      ["section", cardData.section("home_schooling", "s")],
      ["form", cardData.form("home_schooling")],
      ["flow", flowData("which-service", "abc123", "age", "school")],
      ["feedback", feedbackData("Ab3_x", true)],
      ["language", languageData("ru")],
      ["topic", topicData("pmpk", "term")],
      ["reminder", reminderData(42)],
      ["sub-region", subscriptionData.region("astana")],
      ["sub-school", subscriptionData.school(3)],
      ["sub-grade", subscriptionData.grade("first_grade")],
      ["sub-language", subscriptionData.language("kk")],
      ["sub-remove", subscriptionData.remove(7)],
    ];
    for (const [owner, payload] of samples) {
      const matching = patterns.filter(([, p]) => p.test(payload)).map(([name]) => name);
      expect(matching, payload).toEqual([owner]);
    }
  });

  it("is built only in src/bot/callback-data.ts: no feature writes a prefix by hand", async () => {
    const dirs = ["src/bot/features", "src/bot/keyboards", "src/bot/render", "src/broadcasts"];
    const literal = /["'`](m|l|f|c|d|a|q|st|sub|bcu):[a-z0-9$]/;
    const offenders: string[] = [];
    for (const dir of dirs)
      for (const file of await readdir(dir)) {
        if (!file.endsWith(".ts")) continue;
        const text = await readFile(path.join(dir, file), "utf8");
        if (literal.test(text)) offenders.push(path.join(dir, file));
      }
    expect(offenders).toEqual([]);
  });
});
