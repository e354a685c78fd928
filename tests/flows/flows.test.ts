import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  back,
  createFlow,
  currentStep,
  FlowError,
  loadFlows,
  next,
  rewindTo,
  serviceAhead,
  startState,
  unknownServices,
  walks,
} from "../../src/flows/flows.ts";
import { loadCatalogue } from "../../src/knowledge/catalogue.ts";

const set = await loadFlows("flows");
const flow = set.get("which-service");
if (!flow) throw new Error("flows/which-service.yaml is missing");

describe("which-service flow", () => {
  it("names only services the catalogue has", async () => {
    const catalogue = await loadCatalogue("knowledge");
    expect(unknownServices(set, (id) => catalogue.getService(id) !== undefined)).toEqual([]);
    expect(unknownServices(set, (id) => id !== "pmpk")[0]).toMatch(
      /flows\/which-service\.yaml: steps\[\d+\]\.service: unknown service "pmpk"/,
    );
  });

  it("reaches each of the core services from the first question", () => {
    const leaves = new Set(walks(flow).map((w) => w.leaf.service));
    for (const service of [
      "home_schooling",
      "pmpk",
      "special_admission",
      "rehabilitation",
      "first_grade",
    ])
      expect(leaves).toContain(service);
  });

  it("offers the PMPK card first when a parent wants special admission without a conclusion", () => {
    let state = startState(flow);
    for (const option of ["special", "no"]) {
      const result = next(flow, state, { option });
      if (!result.ok) throw new Error(result.reason);
      state = result.state;
    }
    const leaf = currentStep(flow, state);
    expect(leaf).toMatchObject({ kind: "service", service: "pmpk" });
    expect(leaf?.kind === "service" && leaf.note?.ru).toMatch(/сначала нужно заключение ПМПК/);
  });

  it("validates a typed age and branches on it", () => {
    const first = next(flow, startState(flow), { option: "first-grade" });
    if (!first.ok) throw new Error(first.reason);
    expect(next(flow, first.state, { text: "алты" })).toMatchObject({
      ok: false,
      reason: "invalid-input",
    });
    expect(next(flow, first.state, { text: "42" })).toMatchObject({
      ok: false,
      reason: "invalid-input",
    });
    expect(next(flow, first.state, { option: "yes" })).toMatchObject({
      ok: false,
      reason: "wrong-kind",
    });
    const six = next(flow, first.state, { text: " 6 " });
    expect(six).toMatchObject({ ok: true, step: { id: "needs" } });
    expect(six.ok && six.state.answers.age).toBe("6");
    expect(next(flow, first.state, { text: "4" })).toMatchObject({
      ok: true,
      step: { id: "too-young" },
    });
    expect(next(flow, first.state, { text: "12" })).toMatchObject({
      ok: true,
      step: { id: "older" },
    });
  });

  it("goes back one step at a time, forgetting the answer, and stays at the start", () => {
    const a = next(flow, startState(flow), { option: "first-grade" });
    if (!a.ok) throw new Error(a.reason);
    const b = next(flow, a.state, { text: "7" });
    if (!b.ok) throw new Error(b.reason);
    const backOnce = back(b.state);
    expect(currentStep(flow, backOnce)?.id).toBe("age");
    expect(backOnce.answers.age).toBeUndefined();
    expect(currentStep(flow, back(back(backOnce)))?.id).toBe("situation");
  });

  it("treats a state from another version as stale and rewinds to a step on the path", () => {
    const a = next(flow, startState(flow), { option: "health" });
    if (!a.ok) throw new Error(a.reason);
    expect(next(flow, { ...a.state, version: "old000" }, { option: "yes" })).toMatchObject({
      ok: false,
      reason: "stale",
    });
    expect(rewindTo(a.state, "situation")?.path).toEqual(["situation"]);
    expect(rewindTo(a.state, "age")).toBeUndefined();
  });
});

describe("loadFlows errors", () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });
  const load = async (yaml: string) => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "qoldau-flows-"));
    dirs.push(dir);
    await writeFile(path.join(dir, "broken.yaml"), yaml);
    return loadFlows(dir);
  };

  it("names the file and the path of a missing translation", async () => {
    const error = await load(
      "id: broken\ntitle: {kk: a, ru: b}\nstart: s\nsteps:\n  - {id: s, kind: service, service: pmpk, note: {kk: x}}\n",
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FlowError);
    expect((error as Error).message).toMatch(/broken\.yaml: steps\[0\]\.note\.ru/);
  });

  it("names a dangling next and an unreachable step", async () => {
    const error = await load(
      [
        "id: broken",
        "title: {kk: a, ru: b}",
        "start: s",
        "steps:",
        "  - {id: s, kind: choice, text: {kk: q, ru: q}, options: [{id: a, label: {kk: a, ru: a}, next: nowhere}]}",
        "  - {id: lost, kind: service, service: pmpk}",
      ].join("\n"),
    ).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(
      /steps\[0\]\.options\[0\]\.next: unknown step "nowhere"/,
    );
  });

  it("finds a cycle", () => {
    expect(() =>
      createFlow(
        {
          id: "loop",
          title: { kk: "a", ru: "b" },
          start: "a",
          steps: [
            {
              id: "a",
              kind: "choice",
              text: { kk: "q", ru: "q" },
              options: [{ id: "x", label: { kk: "x", ru: "x" }, next: "b" }],
            },
            {
              id: "b",
              kind: "choice",
              text: { kk: "q", ru: "q" },
              options: [{ id: "y", label: { kk: "y", ru: "y" }, next: "a" }],
            },
          ],
        },
        "loop.yaml",
      ),
    ).toThrow(/cycle a → b → a/);
  });

  it("reports invalid YAML with the file name", async () => {
    await expect(load("id: [unclosed")).rejects.toThrow(/broken\.yaml: invalid YAML/);
  });
});

describe("the service a walk leads to", () => {
  it("is settled once every way on ends at one service, and open while it does not", () => {
    const flow = set.get("which-service");
    if (!flow) throw new Error("no which-service flow");
    expect(serviceAhead(flow, "vkk")).toBe("home_schooling");
    expect(serviceAhead(flow, "pmpk-first")).toBe("pmpk");
    expect(serviceAhead(flow, "has-pmpk")).toBeUndefined();
    expect(serviceAhead(flow, "situation")).toBeUndefined();
  });
});
