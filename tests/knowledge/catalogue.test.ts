import { existsSync, readFileSync } from "node:fs";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { STAGES } from "../../src/applications/stages.ts";
import { resolveAdmissionWindow } from "../../src/knowledge/admission-windows.ts";
import { type Catalogue, KnowledgeError, loadCatalogue } from "../../src/knowledge/catalogue.ts";
import { seedSectionsFileSchema, splitSeed } from "../../src/knowledge/seed-sections.ts";

const KNOWLEDGE = path.resolve("knowledge");
/** The seed texts live beside the repository (`../shared/seeds`), not inside it. */
const SEEDS = path.resolve("../shared/seeds");
const MAIN_SERVICES = [
  "home_schooling",
  "pmpk",
  "rehabilitation",
  "special_admission",
  "first_grade",
];

let catalogue: Catalogue;
let tmp: string;

beforeAll(async () => {
  catalogue = await loadCatalogue(KNOWLEDGE);
  tmp = await mkdtemp(path.join(tmpdir(), "qoldau-knowledge-"));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe("knowledge catalogue", () => {
  it("loads every real file, with the five seeds as sources", () => {
    const seedFiles = catalogue.sources.map((s) => s.seedFile).filter(Boolean);
    expect(seedFiles).toHaveLength(5);
    expect(catalogue.getSource("order-223")?.legalStatus.status).toBe("in_force");
    expect(catalogue.getSource("procedure-001")?.legalStatus.status).toBe("informational");
  });

  it("resolves every citation of every service to a section with text", () => {
    const json = JSON.stringify(catalogue.services);
    const citations = [...json.matchAll(/"source":"([^"]+)","locator":"([^"]+)"/g)];
    expect(citations.length).toBeGreaterThan(100);
    for (const [, source, locator] of citations) {
      expect(
        catalogue.getSection(source ?? "", locator ?? "")?.text,
        `${source}#${locator}`,
      ).toBeTruthy();
    }
  });

  it("has the five main services with documents, a term and citations", () => {
    for (const id of MAIN_SERVICES) {
      const service = catalogue.getService(id);
      expect(service, id).toBeDefined();
      if (!service) continue;
      expect(service.name.kk && service.name.ru).toBeTruthy();
      expect(service.nameCitations.length).toBeGreaterThan(0);
      if (id !== "pmpk" && id !== "rehabilitation") {
        // the current PMPK and rehabilitation document lists are not in any source we hold
        const documents = service.channels.flatMap((c) => c.documents);
        expect(documents.length, id).toBeGreaterThan(1);
      }
      expect(service.informationSystem?.value, id).toBeDefined();
    }
    const homeSchooling = catalogue.getService("home_schooling");
    const term = homeSchooling?.terms.find((t) => t.kind === "service" && t.status === "current");
    expect(term).toMatchObject({ amount: 2, unit: "working_days" });
    expect(
      catalogue
        .getService("rehabilitation")
        ?.terms.find((t) => t.status === "current" && t.kind === "service"),
    ).toMatchObject({ min: 90, max: 365, unit: "calendar_days" });
  });

  it("keeps the repealed 89–364 rehabilitation term only as repealed", () => {
    const terms = catalogue.getService("rehabilitation")?.terms ?? [];
    const old = terms.find((t) => t.min === 89);
    expect(old?.status).toBe("repealed");
    expect(old?.citations[0]?.source).toBe("akimat-604-2018");
  });

  it("follows the 2025 home-schooling result and marks the 2022 wording superseded", () => {
    const results = catalogue.getService("home_schooling")?.results ?? [];
    const current = results.filter((r) => r.status === "current");
    expect(current).toHaveLength(1);
    expect(current[0]?.citations[0]).toEqual({
      source: "order-223",
      locator: "annex-4-kk.list.row-5",
    });
    expect(results.find((r) => r.status === "superseded")?.text.ru).toContain("приказ");
  });

  it("requires a PMPK conclusion for special admission", () => {
    const pre = catalogue.getService("special_admission")?.prerequisites ?? [];
    expect(pre.map((p) => p.service)).toContain("pmpk");
  });

  it("marks the Almaty akimat resolution 604 as repealed by resolution 35 of 31.01.2020", () => {
    const status = catalogue.getSource("akimat-604-2018")?.legalStatus;
    expect(status?.status).toBe("repealed");
    if (status?.status === "repealed") {
      expect(status.repealedBy.number).toBe("35");
      expect(status.repealedBy.date).toBe("2020-01-31");
    }
  });

  it("keeps each seed text verbatim in its sections", () => {
    if (!existsSync(SEEDS))
      throw new Error(
        `The seed texts are missing at ${SEEDS}: check out the shared seeds next to this repository (../shared/seeds).`,
      );
    const squash = (s: string) => s.replace(/\s+/g, "");
    const seeded = catalogue.sources.filter((s) => s.seedFile);
    expect(seeded).toHaveLength(5);
    for (const source of seeded) {
      const original = readFileSync(path.join(SEEDS, source.seedFile ?? ""), "utf8");
      expect(squash(source.sections.map((s) => s.text).join("")), source.id).toBe(squash(original));
    }
  });

  it("cuts each seed into its source's sections where seed-sections.yaml says", () => {
    if (!existsSync(SEEDS))
      throw new Error(
        `The seed texts are missing at ${SEEDS}: check out the shared seeds next to this repository (../shared/seeds).`,
      );
    const { seeds } = seedSectionsFileSchema.parse(
      parse(readFileSync(path.join(KNOWLEDGE, "seed-sections.yaml"), "utf8")),
    );
    expect(seeds.map((s) => s.source).sort()).toEqual(
      catalogue.sources
        .filter((s) => s.seedFile)
        .map((s) => s.id)
        .sort(),
    );
    for (const seed of seeds) {
      const source = catalogue.getSource(seed.source);
      expect(source?.seedFile, seed.source).toBe(seed.seedFile);
      const text = readFileSync(path.join(SEEDS, seed.seedFile), "utf8");
      const cut = splitSeed(text, seed).map((s) => ({ id: s.id, label: s.label, text: s.text }));
      expect(cut, seed.source).toEqual(
        source?.sections.map((s) => ({ id: s.id, label: s.label, text: s.text })),
      );
    }
  });

  it("lets the configured window win over claims and an override win over both", () => {
    const configured = resolveAdmissionWindow(catalogue, "first_grade", 2025);
    expect(configured).toMatchObject({
      start: "2025-04-01",
      end: "2025-08-31",
      origin: "configured",
    });
    expect(configured?.claims.some((c) => c.end === "08-30")).toBe(true);
    const overridden = resolveAdmissionWindow(catalogue, "first_grade", 2025, [
      { kind: "first_grade", year: 2025, start: "2025-04-01", end: "2025-09-05" },
    ]);
    expect(overridden).toMatchObject({ end: "2025-09-05", origin: "override" });
    expect(resolveAdmissionWindow(catalogue, "first_grade", 2027)).toMatchObject({
      end: "2027-08-31",
      origin: "assumed",
    });
  });

  it("names the file and the path inside it when a file is broken", async () => {
    const dir = path.join(tmp, "broken");
    await cp(KNOWLEDGE, dir, { recursive: true });
    const file = path.join(dir, "services", "pmpk.yaml");
    const text = await readFile(file, "utf8");
    await writeFile(
      file,
      text.replace(
        /^shortName: \{ kk: "ПМПК тексеруі", ru: "[^"]+" \}$/m,
        'shortName: { kk: "ПМПК тексеруі", ru: 42 }',
      ),
    );
    const error = await loadCatalogue(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KnowledgeError);
    expect((error as Error).message).toMatch(/^services\/pmpk\.yaml: shortName\.ru: .*string/m);
  });

  it("reports a citation that points to a missing section", async () => {
    const dir = path.join(tmp, "dangling");
    await cp(KNOWLEDGE, dir, { recursive: true });
    const file = path.join(dir, "services", "rehabilitation.yaml");
    const text = await readFile(file, "utf8");
    await writeFile(file, text.replace("locator: item-1.2", "locator: item-9.9"));
    await expect(loadCatalogue(dir)).rejects.toThrow(
      /services\/rehabilitation\.yaml: .*has no section "item-9\.9"/,
    );
  });

  it("offers an application form for a service only through a template in documents/", async () => {
    expect([...catalogue.servicesWithForm].sort()).toEqual(["home_schooling", "special_admission"]);
    const dir = path.join(tmp, "forms");
    await cp(KNOWLEDGE, dir, { recursive: true });
    const file = path.join(dir, "documents", "pmpk-plain.yaml");
    const text = await readFile(path.join(dir, "documents", "home_schooling-plain.yaml"), "utf8");
    await writeFile(file, text.replace("id: home_schooling-plain", "id: pmpk-plain"));
    const error = await loadCatalogue(dir).catch((e: unknown) => e);
    expect(String(error)).toMatch(/documents\/pmpk-plain\.yaml: id: must be <service>-<kind>/);
    await writeFile(
      file,
      text
        .replace("id: home_schooling-plain", "id: pmpk-plain")
        .replace(/^service: .*$/m, "service: pmpk"),
    );
    await expect(loadCatalogue(dir)).rejects.toThrow(
      /documents\/pmpk-plain\.yaml: kind: the service does not list a free-form application/,
    );
  });
});

describe("organisations (providers' kinds, information systems)", () => {
  it("refuses a service that names a provider kind or an information system not listed", async () => {
    const dir = path.join(tmp, "organisations");
    await cp(KNOWLEDGE, dir, { recursive: true });
    const file = path.join(dir, "organisations.yaml");
    const text = await readFile(file, "utf8");
    await writeFile(
      file,
      text
        .replace("  - { id: pmpk, directory: true }\n", "")
        .replace(/ {2}- id: Malahit\n[\s\S]*?(?= {2}- id: Mindal)/, ""),
    );
    const error = await loadCatalogue(dir).catch((e: unknown) => e);
    expect(String(error)).toMatch(
      /services\/pmpk\.yaml: providers\[0\]\.kind: not in organisations\.yaml "pmpk"/,
    );
    expect(String(error)).toMatch(
      /services\/pmpk\.yaml: informationSystem\.value: not in organisations\.yaml "Malahit"/,
    );
  });

  it("maps each system's status codes onto known stages", () => {
    const bilimal = catalogue.informationSystems.find((s) => s.id === "Bilimal");
    expect(bilimal?.statuses.REJECTED).toBe("refused");
    for (const system of catalogue.informationSystems)
      for (const stage of Object.values(system.statuses)) expect(STAGES).toContain(stage);
  });
});

describe("calendar data", () => {
  it("refuses a covered year without a Kurban ait date", async () => {
    const dir = path.join(tmp, "no-kurban");
    await cp(KNOWLEDGE, dir, { recursive: true });
    const file = path.join(dir, "calendar", "holidays.yaml");
    const text = await readFile(file, "utf8");
    await writeFile(
      file,
      text.replace("years: [2025, 2026, 2027]", "years: [2025, 2026, 2027, 2028]"),
    );
    await expect(loadCatalogue(dir)).rejects.toThrow(
      /calendar\/holidays\.yaml: holidays\[\d+\]\.dates: no date for 2028/,
    );
  });
});

describe("claims in force", () => {
  it("never rest on repealed sources alone (those are history, marked repealed or superseded)", () => {
    const repealed = new Set(
      catalogue.sources.filter((s) => s.legalStatus.status === "repealed").map((s) => s.id),
    );
    const offenders: string[] = [];
    const walk = (value: unknown, where: string) => {
      if (Array.isArray(value)) {
        for (const [i, item] of value.entries()) walk(item, `${where}[${i}]`);
        return;
      }
      if (!value || typeof value !== "object") return;
      const node = value as { citations?: { source: string }[]; status?: string };
      const status = node.status ?? "current";
      if (
        node.citations?.length &&
        (status === "current" || status === "unverified") &&
        node.citations.every((c) => repealed.has(c.source))
      )
        offenders.push(where);
      for (const [key, child] of Object.entries(node))
        if (key !== "citations") walk(child, `${where}.${key}`);
    };
    for (const service of catalogue.services) walk(service, service.id);
    walk(catalogue.admissionWindows, "admission-windows");
    expect(offenders).toEqual([]);
  });

  it("keep the PMPK office channel on a source in force, and the special-admission fee as history", () => {
    const pmpk = catalogue.getService("pmpk");
    const office = pmpk?.channels.find((c) => c.kind === "provider_office");
    expect(office?.citations[0]?.source).toBe("pmpk-pages");
    expect(office?.status).toBe("unverified");
    const fee = catalogue.getService("special_admission")?.fee;
    expect(fee?.status).toBe("repealed");
    expect(fee?.text.ru).toMatch(/только история/);
  });
});
