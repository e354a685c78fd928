import { execFileSync } from "node:child_process";
import { cp, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { buildIfStale } from "../../scripts/build.mjs";
import { loadFlows } from "../../src/flows/flows.ts";
import { type Catalogue, KnowledgeError, loadCatalogue } from "../../src/knowledge/catalogue.ts";

let tmp: string;
let knowledge: string;
let cacheDir: string;

beforeEach(async () => {
  tmp = await mkdtemp(path.join(tmpdir(), "qoldau-validated-"));
  knowledge = path.join(tmp, "knowledge");
  cacheDir = path.join(tmp, "cache");
  await cp(path.resolve("knowledge"), knowledge, { recursive: true });
});
afterEach(async () => {
  await rm(tmp, { recursive: true, force: true });
});

/** The catalogue's data, without its functions. */
const data = (c: Catalogue) => JSON.parse(JSON.stringify(c)) as unknown;

async function storedFile(name: string) {
  const file = (await readdir(cacheDir)).find((f) => f.startsWith(`${name}-`));
  if (!file) throw new Error(`no ${name} snapshot in ${cacheDir}`);
  return path.join(cacheDir, file);
}

/** Puts `value` in the snapshot for `rel` as if it had been validated from the current text. */
async function tamper(rel: string, edit: (value: { name: { ru: string } }) => void) {
  const file = await storedFile("knowledge");
  const stored = JSON.parse(await readFile(file, "utf8"));
  edit(stored.files[rel].value);
  await writeFile(file, JSON.stringify(stored));
}

// Each test loads the whole catalogue several times: slow on a loaded machine, not a speed check.
describe("validated knowledge kept between starts", { timeout: 90_000 }, () => {
  it("gives the same catalogue from the snapshot as from the YAML, and reads it from there", async () => {
    const fresh = await loadCatalogue(knowledge);
    const first = await loadCatalogue(knowledge, { cacheDir });
    const second = await loadCatalogue(knowledge, { cacheDir });
    expect(data(first)).toEqual(data(fresh));
    expect(data(second)).toEqual(data(fresh));
    expect(second.getService("pmpk")?.name.ru).toBe(fresh.getService("pmpk")?.name.ru);

    // A value changed only in the snapshot shows up: the second start did not parse the YAML.
    await tamper("services/pmpk.yaml", (value) => {
      value.name.ru = "из снимка";
    });
    expect((await loadCatalogue(knowledge, { cacheDir })).getService("pmpk")?.name.ru).toBe(
      "из снимка",
    );
    // Without the cache (knowledge-check) the files are always read.
    expect((await loadCatalogue(knowledge)).getService("pmpk")?.name.ru).toBe(
      fresh.getService("pmpk")?.name.ru,
    );
  });

  it("notices an edited file even when its modification time is kept", async () => {
    await loadCatalogue(knowledge, { cacheDir });
    const file = path.join(knowledge, "services", "pmpk.yaml");
    const before = await stat(file);
    const text = await readFile(file, "utf8");
    const name = (await loadCatalogue(knowledge)).getService("pmpk")?.name.ru ?? "";
    await writeFile(file, text.replace(name, `${name} (изменено)`));
    await utimes(file, before.atime, before.mtime);
    const reloaded = await loadCatalogue(knowledge, { cacheDir });
    expect(reloaded.getService("pmpk")?.name.ru).toBe(`${name} (изменено)`);
  });

  it("still reports a broken file after a good load was stored", async () => {
    await loadCatalogue(knowledge, { cacheDir });
    const file = path.join(knowledge, "services", "pmpk.yaml");
    await writeFile(file, (await readFile(file, "utf8")).replace(/^id: pmpk$/m, "id: 42"));
    const error = await loadCatalogue(knowledge, { cacheDir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KnowledgeError);
    expect((error as KnowledgeError).message).toMatch(/^services\/pmpk\.yaml: id: /m);
  });

  it("still checks citations across files when every file comes from the snapshot", async () => {
    await loadCatalogue(knowledge, { cacheDir });
    await tamper("services/pmpk.yaml", (value) => {
      (value as unknown as { nameCitations: { source: string; locator: string }[] }).nameCitations =
        [{ source: "no-such-source", locator: "x" }];
    });
    await expect(loadCatalogue(knowledge, { cacheDir })).rejects.toThrow(
      /services\/pmpk\.yaml: nameCitations\[0\]: unknown source "no-such-source"/,
    );
  });

  it("loads as before when the snapshot is unreadable or cannot be written", async () => {
    await loadCatalogue(knowledge, { cacheDir });
    await writeFile(await storedFile("knowledge"), "{ not json");
    const fromBroken = await loadCatalogue(knowledge, { cacheDir });
    expect(fromBroken.getService("pmpk")).toBeDefined();
    // A file where the folder should be: nothing can be written there.
    const blocked = path.join(tmp, "blocked");
    await writeFile(blocked, "");
    const unwritable = await loadCatalogue(knowledge, { cacheDir: blocked });
    expect(data(unwritable)).toEqual(data(fromBroken));
  });

  it("keeps flows and document templates the same from the snapshot", async () => {
    const flows = await loadFlows("flows");
    await loadFlows("flows", { cacheDir });
    const cached = await loadFlows("flows", { cacheDir });
    expect(cached.flows.map((f) => [f.id, f.version, f.definition])).toEqual(
      flows.flows.map((f) => [f.id, f.version, f.definition]),
    );
    const catalogue = await loadCatalogue(knowledge);
    await loadCatalogue(knowledge, { cacheDir });
    const again = await loadCatalogue(knowledge, { cacheDir });
    expect(catalogue.documentTemplates.length).toBeGreaterThan(0);
    expect(again.documentTemplates).toEqual(catalogue.documentTemplates);
  });
});

describe("the compiled start and development side by side", { timeout: 120_000 }, () => {
  // `npm start` runs the compiled dist/; built here the way its bootstrap builds it.
  beforeAll(() => buildIfStale(), 300_000);

  it("keep their own snapshots: neither makes the other parse and validate again", async () => {
    await loadCatalogue(knowledge, { cacheDir });
    await tamper("services/pmpk.yaml", (value) => {
      value.name.ru = "из снимка";
    });
    // The compiled code loads the same folder into the same cache, as `npm start` would
    // between two development runs.
    const compiled = execFileSync(
      process.execPath,
      [
        "-e",
        `require("./dist/knowledge/catalogue.js").loadCatalogue(process.argv[1], { cacheDir: process.argv[2] }).then((c) => console.log(c.getService("pmpk").name.ru))`,
        knowledge,
        cacheDir,
      ],
      { encoding: "utf8" },
    );
    // The compiled start read the YAML (its own first load), not development's snapshot…
    expect(compiled.trim()).not.toBe("из снимка");
    expect(compiled.trim().length).toBeGreaterThan(0);
    // …and development's snapshot is still there: the next load reads it, not the YAML.
    expect((await loadCatalogue(knowledge, { cacheDir })).getService("pmpk")?.name.ru).toBe(
      "из снимка",
    );
  });
});
