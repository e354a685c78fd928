import { describe, expect, it } from "vitest";
import { formatReport, runEval, targets } from "./run.ts";

describe("development set (issue 3 quality targets)", () => {
  it("meets the service, fact, out-of-scope and citation targets in both languages", async () => {
    const report = await runEval();
    const summary = `${formatReport(report)}\n${report.failures.map((f) => `${f.id}: ${f.problem}`).join("\n")}`;
    expect(report.all.questions, summary).toBeGreaterThanOrEqual(100);
    expect(report.all.service, summary).toBeGreaterThanOrEqual(targets.service);
    expect(report.all.facts, summary).toBeGreaterThanOrEqual(targets.facts);
    expect(report.all.outOfScope, summary).toBeGreaterThanOrEqual(targets.outOfScope);
    expect(report.all.citationValidity, summary).toBe(1);
    expect(report.all.repealedAsCurrent, summary).toBe(0);
    for (const lang of ["kk", "ru"] as const) {
      expect(report[lang].questions, summary).toBeGreaterThanOrEqual(45);
      expect(report[lang].service, summary).toBeGreaterThanOrEqual(targets.service);
    }
  });
});
