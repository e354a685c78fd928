import { beforeAll, describe, expect, it } from "vitest";
import { type Catalogue, loadCatalogue } from "../../src/knowledge/catalogue.ts";
import type { Passage } from "../../src/search/passage.ts";
import {
  buildPassages,
  inlineCitation,
  renderCitation,
  sourceLabel,
} from "../../src/search/passages.ts";

let catalogue: Catalogue;
let passages: Passage[];

beforeAll(async () => {
  catalogue = await loadCatalogue(new URL("../../knowledge", import.meta.url).pathname);
  passages = buildPassages(catalogue);
});

describe("buildPassages", () => {
  it("indexes every source section and every card statement in both languages", () => {
    const sections = catalogue.sources.reduce((n, s) => n + s.sections.length, 0);
    expect(passages.filter((p) => p.kind === "section")).toHaveLength(sections);
    const facts = passages.filter((p) => p.kind === "fact");
    expect(facts.filter((p) => p.lang === "kk")).toHaveLength(
      facts.filter((p) => p.lang === "ru").length,
    );
    expect(facts.some((p) => p.serviceId === "home_schooling" && p.field === "documents")).toBe(
      true,
    );
  });

  it("gives every passage references that resolve to real sections", () => {
    for (const passage of passages) {
      expect(passage.refs.length).toBeGreaterThan(0);
      for (const ref of passage.refs)
        expect(catalogue.resolveCitation(ref), passage.id).toBeDefined();
    }
  });

  it("marks the sections of a repealed act as history", () => {
    const repealed = passages.filter(
      (p) => p.citation.source === "akimat-604-2018" && p.kind === "section",
    );
    expect(repealed.length).toBeGreaterThan(0);
    for (const p of repealed) {
      expect(p.current).toBe(false);
      expect(p.citation.status).toBe("repealed");
    }
  });
});

describe("citations", () => {
  it("never cites a repealed act as current, whatever the claim says", () => {
    const section = catalogue.getSource("akimat-604-2018")?.sections[0];
    expect(section).toBeDefined();
    const citation = renderCitation(
      catalogue,
      { source: "akimat-604-2018", locator: section?.id ?? "" },
      "ru",
      "current",
    );
    expect(citation.status).toBe("repealed");
  });

  it("renders a short inline form with number, date and place in the act", () => {
    const text = inlineCitation(
      catalogue,
      { source: "order-223", locator: "annex-4-kk.list.row-8" },
      "ru",
    );
    expect(text).toBe(
      "Приказ № 223 от 27.05.2020, приложение 4, перечень основных требований, строка 8",
    );
    expect(text).not.toContain("(");
    expect(
      inlineCitation(catalogue, { source: "order-223", locator: "annex-4-kk.list.row-8" }, "kk"),
    ).toMatch(/^27\.05\.2020 № 223 бұйрық, 4-қосымша/);
  });

  it("falls back to the number and date when a source has no short title", () => {
    const source = catalogue.getSource("order-223");
    if (!source) throw new Error("order-223 missing");
    const { shortTitle: _, ...bare } = source;
    expect(sourceLabel(bare, "ru")).toBe("№ 223, 27.05.2020");
  });
});
