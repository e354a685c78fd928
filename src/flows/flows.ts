import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { formatPath } from "../knowledge/catalogue.ts";
import { openValidatedFiles } from "../knowledge/validated-cache.ts";
import { type FlowDefinition, type FlowStep, flowSchema, type ServiceStep } from "./schemas.ts";

/**
 * A flow file is broken. The message names the file and the path inside it, e.g.
 * `flows/which-service.yaml: steps[3].options[0].next: unknown step "pmpk-leaf"`.
 */
export class FlowError extends Error {
  override readonly name = "FlowError";
  constructor(
    readonly problems: string[],
    readonly file?: string,
  ) {
    super(problems.join("\n"));
  }
}

/** Where a parent is in a flow; small enough for the session. */
export interface FlowState {
  flowId: string;
  /** The flow's version when the state was made; a changed flow makes the state stale. */
  version: string;
  /** Step ids from the start to the current step; Back pops the last one. */
  path: string[];
  /** Typed answers by step id. */
  answers: Record<string, string>;
}

/** A loaded, checked flow. */
export interface Flow {
  id: string;
  /** Short hash of the file's content. */
  version: string;
  file: string;
  definition: FlowDefinition;
  start: string;
  step(stepId: string): FlowStep | undefined;
  /** Every leaf (service step). */
  leaves(): ServiceStep[];
}

export interface FlowSet {
  flows: Flow[];
  get(id: string): Flow | undefined;
}

/** Answer to a step: a pressed button or a typed text. */
export type FlowAnswer = { option: string } | { text: string };

export type NextResult =
  | { ok: true; state: FlowState; step: FlowStep }
  | {
      ok: false;
      /**
       * `stale`: the state is from another version of the flow or points at a missing step;
       * `unknown-option`: no such button at this step; `invalid-input`: the typed text does not
       * fit; `wrong-kind`: a button for a typed question or text for a button question, or the
       * step is a leaf.
       */
      reason: "stale" | "unknown-option" | "invalid-input" | "wrong-kind";
      step?: FlowStep;
    };

/** Checks the graph: ids unique, every `next` resolves, all steps reachable, no cycles. */
export function checkFlow(definition: FlowDefinition): string[] {
  const problems: string[] = [];
  const index = new Map<string, number>();
  definition.steps.forEach((step, i) => {
    if (index.has(step.id)) problems.push(`steps[${i}].id: duplicate step id "${step.id}"`);
    index.set(step.id, i);
  });
  if (!index.has(definition.start)) problems.push(`start: unknown step "${definition.start}"`);
  const edges = (step: FlowStep): [string, string][] => {
    const i = index.get(step.id);
    if (step.kind === "choice") {
      const seen = new Set<string>();
      return step.options.map((option, j) => {
        if (seen.has(option.id))
          problems.push(`steps[${i}].options[${j}].id: duplicate option id "${option.id}"`);
        seen.add(option.id);
        return [`steps[${i}].options[${j}].next`, option.next];
      });
    }
    if (step.kind === "input")
      return [
        ...step.branches.map((b, j): [string, string] => [
          `steps[${i}].branches[${j}].next`,
          b.next,
        ]),
        [`steps[${i}].next`, step.next],
      ];
    return [];
  };
  for (const step of definition.steps)
    for (const [at, next] of edges(step))
      if (!index.has(next)) problems.push(`${at}: unknown step "${next}"`);
  if (problems.length > 0) return problems;

  // Depth-first from the start: finds unreachable steps and cycles (Back needs a tree-like walk).
  const state = new Map<string, "open" | "done">();
  const visit = (id: string, trail: string[]) => {
    if (state.get(id) === "done") return;
    if (state.get(id) === "open") {
      problems.push(`steps: cycle ${[...trail, id].join(" → ")}`);
      return;
    }
    state.set(id, "open");
    const i = index.get(id) ?? -1;
    const step = definition.steps[i];
    if (step) for (const [, next] of edges(step)) visit(next, [...trail, id]);
    state.set(id, "done");
  };
  visit(definition.start, []);
  definition.steps.forEach((step, i) => {
    if (!state.has(step.id)) problems.push(`steps[${i}]: step "${step.id}" cannot be reached`);
  });
  return problems;
}

/** Builds a flow from parsed YAML; throws {@link FlowError} naming `file` and the path. */
export function createFlow(data: unknown, file: string, content = JSON.stringify(data)): Flow {
  const result = flowSchema.safeParse(data);
  if (!result.success)
    throw new FlowError(
      result.error.issues.map((issue) => `${file}: ${formatPath(issue.path)}: ${issue.message}`),
      file,
    );
  return flowOf(result.data, file, content);
}

/** A flow from a definition that passed the schema (now or at an earlier load of this text). */
function flowOf(definition: FlowDefinition, file: string, content: string): Flow {
  const problems = checkFlow(definition).map((p) => `${file}: ${p}`);
  const expectedName = `${definition.id}.yaml`;
  if (path.basename(file) !== expectedName && file.endsWith(".yaml"))
    problems.push(`${file}: id: must match the file name (${expectedName})`);
  if (problems.length > 0) throw new FlowError(problems, file);
  const steps = new Map(definition.steps.map((step) => [step.id, step]));
  return {
    id: definition.id,
    version: createHash("sha256").update(content).digest("hex").slice(0, 6),
    file,
    definition,
    start: definition.start,
    step: (stepId) => steps.get(stepId),
    leaves: () => definition.steps.filter((s): s is ServiceStep => s.kind === "service"),
  };
}

/**
 * Loads and checks every `*.yaml` in `dir`. Throws {@link FlowError} with the first broken file.
 * With `cacheDir`, a file validated before with the same text skips YAML and the schema
 * (`validated-cache.ts`); the graph is checked either way.
 */
export async function loadFlows(
  dir = "flows",
  options: { cacheDir?: string | undefined } = {},
): Promise<FlowSet> {
  const names = (await readdir(dir)).filter((name) => name.endsWith(".yaml")).sort();
  const validated = openValidatedFiles(options.cacheDir, "flows", dir);
  const flows: Flow[] = [];
  for (const name of names) {
    const file = path.join(dir, name);
    const content = await readFile(file, "utf8");
    const known = validated.get(name, content);
    if (known !== undefined) {
      flows.push(flowOf(known as FlowDefinition, file, content));
      continue;
    }
    const { parse, YAMLParseError } = await import("yaml");
    let data: unknown;
    try {
      data = parse(content, { prettyErrors: true });
    } catch (error) {
      const what = error instanceof YAMLParseError ? error.message.split("\n")[0] : String(error);
      throw new FlowError([`${file}: invalid YAML: ${what}`], file);
    }
    const flow = createFlow(data, file, content);
    validated.set(name, content, flow.definition);
    flows.push(flow);
  }
  validated.save();
  const byId = new Map(flows.map((flow) => [flow.id, flow]));
  return { flows, get: (id) => byId.get(id) };
}

/** Service ids the flows point at that the catalogue does not have. */
export function unknownServices(set: FlowSet, hasService: (id: string) => boolean): string[] {
  return set.flows.flatMap((flow) =>
    flow.definition.steps.flatMap((step, i) =>
      step.kind === "service" && !hasService(step.service)
        ? [`${flow.file}: steps[${i}].service: unknown service "${step.service}"`]
        : [],
    ),
  );
}

export function startState(flow: Flow): FlowState {
  return { flowId: flow.id, version: flow.version, path: [flow.start], answers: {} };
}

/** The step the state is at, or undefined when the state is stale. */
export function currentStep(flow: Flow, state: FlowState): FlowStep | undefined {
  if (state.flowId !== flow.id || state.version !== flow.version) return undefined;
  const id = state.path[state.path.length - 1];
  return id === undefined ? undefined : flow.step(id);
}

/** Whether a typed answer fits the step's rule; the normalised value when it does. */
export function validateInput(
  step: Extract<FlowStep, { kind: "input" }>,
  text: string,
): string | undefined {
  const value = text.trim();
  if (step.input.type === "integer") {
    if (!/^\d{1,3}$/.test(value)) return undefined;
    const n = Number(value);
    return n >= step.input.min && n <= step.input.max ? String(n) : undefined;
  }
  return value.length >= step.input.minLength && value.length <= step.input.maxLength
    ? value
    : undefined;
}

/** Moves the state one step forward. Pure: returns a new state. */
export function next(flow: Flow, state: FlowState, answer: FlowAnswer): NextResult {
  const step = currentStep(flow, state);
  if (!step) return { ok: false, reason: "stale" };
  let target: string;
  const answers = { ...state.answers };
  if (step.kind === "choice") {
    if (!("option" in answer)) return { ok: false, reason: "wrong-kind", step };
    const option = step.options.find((o) => o.id === answer.option);
    if (!option) return { ok: false, reason: "unknown-option", step };
    target = option.next;
  } else if (step.kind === "input") {
    if (!("text" in answer)) return { ok: false, reason: "wrong-kind", step };
    const value = validateInput(step, answer.text);
    if (value === undefined) return { ok: false, reason: "invalid-input", step };
    answers[step.id] = value;
    const n = Number(value);
    const branch = step.branches.find(
      (b) => (b.min === undefined || n >= b.min) && (b.max === undefined || n <= b.max),
    );
    target = step.input.type === "integer" && branch ? branch.next : step.next;
  } else {
    return { ok: false, reason: "wrong-kind", step };
  }
  const nextStep = flow.step(target);
  if (!nextStep) return { ok: false, reason: "stale" };
  return { ok: true, state: { ...state, path: [...state.path, target], answers }, step: nextStep };
}

/** One step back (stays at the start); the answer given at the left step is forgotten. */
export function back(state: FlowState): FlowState {
  if (state.path.length <= 1) return state;
  const path = state.path.slice(0, -1);
  const left = path[path.length - 1];
  const answers = { ...state.answers };
  if (left !== undefined) delete answers[left];
  return { ...state, path, answers };
}

/**
 * Rewinds to an earlier step of the same walk (a button pressed on an older message of this
 * conversation). Undefined when the step is not on the path.
 */
export function rewindTo(state: FlowState, stepId: string): FlowState | undefined {
  const at = state.path.lastIndexOf(stepId);
  if (at < 0) return undefined;
  const path = state.path.slice(0, at + 1);
  const answers = Object.fromEntries(
    Object.entries(state.answers).filter(([id]) => path.slice(0, -1).includes(id)),
  );
  return { ...state, path, answers };
}

/**
 * Every walk from the start to a leaf, with the answers that take it (for tests, the console
 * and docs). Integer inputs are answered with a value inside each branch and one for `next`.
 */
export function walks(flow: Flow): { answers: FlowAnswer[]; leaf: ServiceStep }[] {
  const out: { answers: FlowAnswer[]; leaf: ServiceStep }[] = [];
  const go = (stepId: string, answers: FlowAnswer[]) => {
    const step = flow.step(stepId);
    if (!step) return;
    if (step.kind === "service") out.push({ answers, leaf: step });
    else if (step.kind === "choice")
      for (const option of step.options) go(option.next, [...answers, { option: option.id }]);
    else {
      const rule = step.input;
      if (rule.type === "integer") {
        for (const b of step.branches) {
          const value = b.min ?? b.max ?? rule.min;
          go(b.next, [...answers, { text: String(value) }]);
        }
        const other = [...Array(rule.max - rule.min + 1).keys()]
          .map((k) => k + rule.min)
          .find(
            (n) =>
              !step.branches.some((b) => (b.min ?? -Infinity) <= n && n <= (b.max ?? Infinity)),
          );
        if (other !== undefined) go(step.next, [...answers, { text: String(other) }]);
      } else go(step.next, [...answers, { text: "x".repeat(rule.minLength) }]);
    }
  };
  go(flow.start, []);
  return out;
}

/** `serviceAhead`'s answers per flow (a flow never changes; a reload makes new ones). */
const servicesAhead = new WeakMap<Flow, Map<string, string | undefined>>();

/**
 * The one service every leaf reachable from a step ends on, or undefined when the walk can
 * still lead to different services. At "is there a VKK conclusion?" both answers end on home
 * schooling, so a question typed there ("қандай құжаттар керек?") is about home schooling.
 * Asked at every screen of a walk, so each step's answer is worked out once (from the first
 * step the walk covers the whole flow).
 */
export function serviceAhead(flow: Flow, stepId: string): string | undefined {
  let known = servicesAhead.get(flow);
  if (!known) {
    known = new Map();
    servicesAhead.set(flow, known);
  }
  if (known.has(stepId)) return known.get(stepId);
  const service = walkToService(flow, stepId);
  if (flow.step(stepId)) known.set(stepId, service);
  return service;
}

function walkToService(flow: Flow, stepId: string): string | undefined {
  const services = new Set<string>();
  const seen = new Set<string>();
  const visit = (id: string) => {
    if (seen.has(id)) return;
    seen.add(id);
    const step = flow.step(id);
    if (!step) return;
    if (step.kind === "service") services.add(step.service);
    else if (step.kind === "choice") for (const option of step.options) visit(option.next);
    else for (const target of [...step.branches.map((b) => b.next), step.next]) visit(target);
  };
  visit(stepId);
  return services.size === 1 ? [...services][0] : undefined;
}
