import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDocumentService, type DocumentService } from "../../src/documents/service.ts";
import { loadCatalogue } from "../../src/knowledge/catalogue.ts";
import { pdfText as extract, loose } from "../support/pdf-text.ts";

const run = promisify(execFile);
let dir: string;
let documents: DocumentService;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "qoldau-pdf-"));
  documents = await createDocumentService(await loadCatalogue("knowledge"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function pages(pdf: Buffer): Promise<number> {
  const file = path.join(dir, `${Math.random().toString(36).slice(2)}.pdf`);
  await writeFile(file, pdf);
  const { stdout } = await run("pdfinfo", [file]);
  return Number(/Pages:\s+(\d+)/.exec(stdout)?.[1]);
}

const child = {
  parent: "Сейітова Зуһра Нұрланқызы",
  child: "Әлішер Ерланұлы",
  relation: "son" as const,
  grade: 3,
  school: "№ 12 мектеп-гимназия",
  conclusionNumber: "45",
  conclusionDate: "2025-09-12",
};

describe("home-schooling documents as PDF", () => {
  it("writes the plain Kazakh application to the director with declined names", async () => {
    const { pdf, fileName } = await documents.produce("home_schooling", "plain", "kk", child);
    expect(fileName).toBe("otinish-uide-oqytu.pdf");
    expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
    const text = await extract(pdf);
    expect(text).toContain("№ 12 мектеп-гимназия директорына");
    expect(text).toContain("Сейітова Зуһра Нұрланқызынан");
    expect(text).toContain("3-сыныпта оқитын ұлым Әлішер Ерланұлын");
    expect(text).toContain("2025 жылғы 12 қыркүйектегі № 45 қорытындысында");
    expect(text).toContain("үйде жеке тегін оқытуға ауыстыруыңызды сұраймын");
    // pdftotext joins a word hyphenated at a line end, so long phrases are compared without "-".
    expect(loose(text)).toContain(
      loose("дәрігерлік-консультациялық комиссияның (ДКК) қорытындысы"),
    );
    // Every Kazakh letter survives embedding and extraction.
    for (const letter of "әғқңөұүһі") expect(text.toLowerCase()).toContain(letter);
    expect(await pages(pdf)).toBe(1);
  });

  it("writes the Russian application with the parent in the genitive and the daughter in the accusative", async () => {
    const { pdf } = await documents.produce("home_schooling", "plain", "ru", {
      ...child,
      parent: "Сейтова Айгуль Нурлановна",
      child: "Сейтова Алина Ерлановна",
      relation: "daughter",
    });
    const text = await extract(pdf);
    expect(text).toContain("от Сейтовой Айгуль Нурлановны");
    expect(text).toContain("Прошу перевести мою дочь Сейтову Алину Ерлановну, ученицу 3-го класса");
    expect(text).toContain("(ВКК) от 12.09.2025 № 45");
  });

  it("leaves out the conclusion's number when the parent has none", async () => {
    const { conclusionNumber: _n, conclusionDate: _d, ...rest } = child;
    const text = await extract(
      (await documents.produce("home_schooling", "plain", "kk", rest)).pdf,
    );
    expect(text).toContain("комиссияның қорытындысында ұсынылған мерзімге");
  });

  it("fills the official annex-2 form with the annex reference and the hints", async () => {
    const text = await extract(
      (
        await documents.produce("home_schooling", "official", "kk", {
          ...child,
          relation: "daughter",
          child: "Аружан Ерланқызы",
        })
      ).pdf,
    );
    expect(text).toContain("2-қосымша");
    expect(text).toContain("Сейітова Зуһра Нұрланқызы Т.А.Ә. (болған жағдайда)");
    expect(text).toContain("3-сыныпта оқу үшін");
    expect(text).toContain("менің қызым Аружан Ерланқызын қабылдауыңызды сұраймын");
  });

  it("offers a plain application for special admission, referring to the PMPK conclusion", async () => {
    expect(documents.templatesFor("special_admission").map((t) => t.kind)).toEqual(["plain"]);
    const text = await extract(
      (
        await documents.produce("special_admission", "plain", "ru", {
          ...child,
          parent: "Иванов Петр Сергеевич",
          child: "Иванов Илья Петрович",
        })
      ).pdf,
    );
    expect(text).toContain("от Иванова Петра Сергеевича");
    expect(text).toContain("Прошу принять моего сына Иванова Илью Петровича в 3-й класс");
    expect(loose(text)).toContain(
      loose("1) Заключение психолого-медико-педагогической консультации (ПМПК)."),
    );
  });
});
