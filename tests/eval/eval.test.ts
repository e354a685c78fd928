import { describe, expect, it } from "vitest";
import { categories } from "./dataset.ts";
import { formatReport, meetsTargets, runEval, targets } from "./run.ts";

describe("development set: answers that generalise", () => {
  it("meets the service, fact, out-of-scope and citation targets in each language, every category present", async () => {
    const report = await runEval();
    const summary = `${formatReport(report)}\n${report.failures.map((f) => `${f.id}: ${f.problem}`).join("\n")}`;
    expect(report.all.questions, summary).toBeGreaterThanOrEqual(250);
    for (const lang of ["kk", "ru"] as const) {
      const f = report[lang];
      expect(f.questions, summary).toBeGreaterThanOrEqual(120);
      expect(f.service, `${lang}\n${summary}`).toBeGreaterThanOrEqual(targets.service);
      expect(f.facts, `${lang}\n${summary}`).toBeGreaterThanOrEqual(targets.facts);
      expect(f.outOfScope, `${lang}\n${summary}`).toBeGreaterThanOrEqual(targets.outOfScope);
      expect(f.citationValidity, summary).toBe(1);
      expect(f.repealedAsCurrent, summary).toBe(0);
    }
    for (const category of categories)
      for (const lang of ["kk", "ru"] as const)
        expect(
          report.categories[category][lang].questions,
          `${category}/${lang} has questions`,
        ).toBeGreaterThanOrEqual(4);
    expect(meetsTargets(report), summary).toBe(true);
  });
});
