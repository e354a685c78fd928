import { pathToFileURL } from "node:url";
import { type Answer, createAnswerService } from "../../src/answers/service.ts";
import { loadCatalogue } from "../../src/knowledge/catalogue.ts";
import { type EvalQuestion, hasFact, loadQuestions } from "./dataset.ts";

export type LangFigures = {
  questions: number;
  /** In-scope questions whose service was detected correctly. */
  service: number;
  /** Facts found in the answers / facts expected. */
  facts: number;
  /** Out-of-scope and repealed-act questions handled as such. */
  outOfScope: number;
  /** Citations that resolve to a real section. */
  citationValidity: number;
  /** Citations of a repealed source not marked as repealed. */
  repealedAsCurrent: number;
};

export type EvalReport = {
  all: LangFigures;
  kk: LangFigures;
  ru: LangFigures;
  failures: Array<{ id: string; problem: string }>;
};

export const targets = { service: 0.95, facts: 0.9, outOfScope: 0.9, repealedAsCurrent: 0 };

type Tally = {
  questions: number;
  serviceTotal: number;
  serviceOk: number;
  factTotal: number;
  factOk: number;
  oosTotal: number;
  oosOk: number;
  citations: number;
  validCitations: number;
  repealedAsCurrent: number;
};

const emptyTally = (): Tally => ({
  questions: 0,
  serviceTotal: 0,
  serviceOk: 0,
  factTotal: 0,
  factOk: 0,
  oosTotal: 0,
  oosOk: 0,
  citations: 0,
  validCitations: 0,
  repealedAsCurrent: 0,
});

const ratio = (ok: number, total: number) => (total === 0 ? 1 : ok / total);

function figures(t: Tally): LangFigures {
  return {
    questions: t.questions,
    service: ratio(t.serviceOk, t.serviceTotal),
    facts: ratio(t.factOk, t.factTotal),
    outOfScope: ratio(t.oosOk, t.oosTotal),
    citationValidity: ratio(t.validCitations, t.citations),
    repealedAsCurrent: t.repealedAsCurrent,
  };
}

/** Answers every question of the development set and measures the answers. */
export async function runEval(questions: EvalQuestion[] = loadQuestions()): Promise<EvalReport> {
  const catalogue = await loadCatalogue(new URL("../../knowledge", import.meta.url).pathname);
  const service = createAnswerService({ catalogue });
  const tallies = { kk: emptyTally(), ru: emptyTally() };
  const failures: EvalReport["failures"] = [];
  for (const question of questions) {
    const answer: Answer = await service.answer(question.q);
    const tally = tallies[question.lang];
    tally.questions += 1;
    if (answer.lang !== question.lang)
      failures.push({ id: question.id, problem: `language ${answer.lang}` });
    const special = question.outOfScope || question.repealed;
    if (special) {
      tally.oosTotal += 1;
      const ok = question.repealed ? answer.repealed === true : answer.outOfScope;
      if (ok) tally.oosOk += 1;
      else
        failures.push({
          id: question.id,
          problem: `not handled as ${question.repealed ? "repealed" : "out of scope"} (service ${answer.service})`,
        });
    } else {
      tally.serviceTotal += 1;
      if (answer.service === question.service && !answer.outOfScope) tally.serviceOk += 1;
      else
        failures.push({
          id: question.id,
          problem: `service ${answer.service ?? "null"}${answer.outOfScope ? " (out of scope)" : ""}, expected ${question.service}`,
        });
    }
    for (const fact of question.facts) {
      tally.factTotal += 1;
      if (hasFact(answer.answer, fact)) tally.factOk += 1;
      else failures.push({ id: question.id, problem: `missing fact "${fact}"` });
    }
    for (const citation of answer.citations) {
      tally.citations += 1;
      const resolved = catalogue.resolveCitation({
        source: citation.source,
        locator: citation.section ?? citation.locator,
      });
      if (resolved) tally.validCitations += 1;
      else
        failures.push({
          id: question.id,
          problem: `citation does not resolve: ${citation.source}/${citation.section}`,
        });
      if (resolved?.source.legalStatus.status === "repealed" && citation.status !== "repealed") {
        tally.repealedAsCurrent += 1;
        failures.push({ id: question.id, problem: `repealed source cited as ${citation.status}` });
      }
    }
  }
  const all = emptyTally();
  for (const t of [tallies.kk, tallies.ru])
    for (const key of Object.keys(all) as Array<keyof Tally>) all[key] += t[key];
  return { all: figures(all), kk: figures(tallies.kk), ru: figures(tallies.ru), failures };
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export function formatReport(report: EvalReport): string {
  const rows = [
    ["", "questions", "service", "facts", "out-of-scope", "citations valid", "repealed-as-current"],
    ...(["kk", "ru", "all"] as const).map((lang) => {
      const f = report[lang];
      return [
        lang,
        String(f.questions),
        pct(f.service),
        pct(f.facts),
        pct(f.outOfScope),
        pct(f.citationValidity),
        String(f.repealedAsCurrent),
      ];
    }),
    [
      "target",
      "",
      pct(targets.service),
      pct(targets.facts),
      pct(targets.outOfScope),
      "100.0%",
      "0",
    ],
  ];
  const widths = (rows[0] ?? []).map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
  return rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join("  ")).join("\n");
}

export function meetsTargets(report: EvalReport): boolean {
  const f = report.all;
  return (
    f.service >= targets.service &&
    f.facts >= targets.facts &&
    f.outOfScope >= targets.outOfScope &&
    f.repealedAsCurrent === targets.repealedAsCurrent &&
    f.citationValidity === 1
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const report = await runEval();
  console.log(formatReport(report));
  if (process.argv.includes("--verbose") || report.failures.length <= 40)
    for (const f of report.failures) console.log(`  ${f.id}: ${f.problem}`);
  else console.log(`  ${report.failures.length} problems (run with --verbose to list them)`);
  process.exitCode = meetsTargets(report) ? 0 : 1;
}
