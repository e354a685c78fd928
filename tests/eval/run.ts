import { pathToFileURL } from "node:url";
import {
  type Answer,
  type AnswerIntent,
  type AnswerService,
  createAnswerService,
} from "../../src/answers/service.ts";
import { type Catalogue, loadCatalogue } from "../../src/knowledge/catalogue.ts";
import { testAnswerMessages } from "../support/i18n.ts";
import {
  type Category,
  categories,
  type EvalQuestion,
  expectedIntent,
  hasFact,
  loadQuestions,
} from "./dataset.ts";

export type LangFigures = {
  questions: number;
  /** Questions answered as a service whose service (and intent) was right. */
  service: number;
  /** Facts found in the answers / facts expected. */
  facts: number;
  /**
   * Questions that must not be answered as a service (out of scope, repealed act, someone
   * else's data, another body, small talk, a person) handled as their category.
   */
  outOfScope: number;
  /** Citations that resolve to a real section. */
  citationValidity: number;
  /** Citations of a repealed source not marked as repealed. */
  repealedAsCurrent: number;
};

/** One category in one language: questions handled right, and facts found. */
export type CategoryFigures = { questions: number; ok: number; facts: number; factsFound: number };

export type EvalReport = {
  all: LangFigures;
  kk: LangFigures;
  ru: LangFigures;
  categories: Record<Category, { kk: CategoryFigures; ru: CategoryFigures }>;
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

/** The intent an answer reports (answers without one are read from their flags). */
function intentOf(answer: Answer): AnswerIntent {
  if (answer.intent) return answer.intent;
  if (answer.repealed) return "repealed";
  if (answer.outOfScope) return "out_of_scope";
  return answer.service === null ? "clarify" : "service";
}

/**
 * Answers a conversation the way the bot does: each answered service becomes the topic, and the
 * next message is answered with it. Returns the answer to the last turn.
 */
async function answerTurns(
  service: AnswerService,
  turns: string[],
  view: EvalQuestion["view"],
): Promise<Answer> {
  let topic: { service: string } | undefined;
  let answer: Answer | undefined;
  for (const turn of turns) {
    answer = await service.answer(turn, { view, ...(topic ? { topic } : {}) });
    if (intentOf(answer) === "service" && answer.service) topic = { service: answer.service };
  }
  return answer as Answer;
}

function handled(expected: AnswerIntent, answer: Answer, intent: AnswerIntent): boolean {
  if (expected === "repealed") return answer.repealed === true;
  // Another body's question sent to 1414/egov is still not answered as an education service.
  if (expected === "out_of_scope") return intent === "out_of_scope" || intent === "other_body";
  return intent === expected;
}

/** Answers every question of the development set and measures the answers. */
export async function runEval(
  questions: EvalQuestion[] = loadQuestions(),
  catalogue?: Catalogue,
): Promise<EvalReport> {
  const loaded =
    catalogue ?? (await loadCatalogue(new URL("../../knowledge", import.meta.url).pathname));
  const service = createAnswerService({ messages: testAnswerMessages, catalogue: loaded });
  const tallies = { kk: emptyTally(), ru: emptyTally() };
  const perCategory = Object.fromEntries(
    categories.map((c) => [
      c,
      {
        kk: { questions: 0, ok: 0, facts: 0, factsFound: 0 },
        ru: { questions: 0, ok: 0, facts: 0, factsFound: 0 },
      },
    ]),
  ) as EvalReport["categories"];
  const failures: EvalReport["failures"] = [];
  for (const question of questions) {
    const answer = await answerTurns(service, question.turns, question.view);
    const intent = intentOf(answer);
    const tally = tallies[question.lang];
    const cat = perCategory[question.category][question.lang];
    tally.questions += 1;
    cat.questions += 1;
    if (answer.lang !== question.lang)
      failures.push({ id: question.id, problem: `language ${answer.lang}` });
    const expected = expectedIntent(question.category);
    if (expected !== "service") {
      tally.oosTotal += 1;
      if (handled(expected, answer, intent)) {
        tally.oosOk += 1;
        cat.ok += 1;
      } else
        failures.push({
          id: question.id,
          problem: `${intent} (service ${answer.service}), expected ${expected}`,
        });
    } else {
      tally.serviceTotal += 1;
      if (answer.service === question.service && intent === "service") {
        tally.serviceOk += 1;
        cat.ok += 1;
      } else
        failures.push({
          id: question.id,
          problem: `${intent} (service ${answer.service ?? "null"}), expected ${question.service}`,
        });
    }
    for (const fact of question.facts) {
      tally.factTotal += 1;
      cat.facts += 1;
      if (hasFact(answer.answer, fact)) {
        tally.factOk += 1;
        cat.factsFound += 1;
      } else failures.push({ id: question.id, problem: `missing fact "${fact}"` });
    }
    for (const citation of answer.citations) {
      tally.citations += 1;
      const resolved = loaded.resolveCitation({
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
  return {
    all: figures(all),
    kk: figures(tallies.kk),
    ru: figures(tallies.ru),
    categories: perCategory,
    failures,
  };
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

function table(rows: string[][]): string {
  const widths = (rows[0] ?? []).map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
  return rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join("  ")).join("\n");
}

/** Share right of a category, with its count: "90.0% (9/10)". */
function share(ok: number, total: number): string {
  return total === 0 ? "—" : `${pct(ok / total)} (${ok}/${total})`;
}

export function formatReport(report: EvalReport): string {
  const summary = table([
    [
      "",
      "questions",
      "service",
      "facts",
      "out-of-scope+refusals",
      "citations valid",
      "repealed-as-current",
    ],
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
  ]);
  const byCategory = table([
    ["category", "counts toward", "kk handled", "ru handled", "all handled", "facts found"],
    ...categories.map((category) => {
      const { kk, ru } = report.categories[category];
      return [
        category,
        expectedIntent(category) === "service" ? "service" : "out-of-scope+refusals",
        share(kk.ok, kk.questions),
        share(ru.ok, ru.questions),
        share(kk.ok + ru.ok, kk.questions + ru.questions),
        share(kk.factsFound + ru.factsFound, kk.facts + ru.facts),
      ];
    }),
  ]);
  return `${summary}\n\n${byCategory}`;
}

export function meetsTargets(report: EvalReport): boolean {
  return (["all", "kk", "ru"] as const).every((lang) => {
    const f = report[lang];
    return (
      f.service >= targets.service &&
      f.facts >= targets.facts &&
      f.outOfScope >= targets.outOfScope &&
      f.repealedAsCurrent === targets.repealedAsCurrent &&
      f.citationValidity === 1
    );
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const report = await runEval();
  console.log(formatReport(report));
  if (process.argv.includes("--verbose") || report.failures.length <= 40)
    for (const f of report.failures) console.log(`  ${f.id}: ${f.problem}`);
  else console.log(`  ${report.failures.length} problems (run with --verbose to list them)`);
  process.exitCode = meetsTargets(report) ? 0 : 1;
}
