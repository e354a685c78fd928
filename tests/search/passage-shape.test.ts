import { describe, expect, it } from "vitest";
import { createAnswerService } from "../../src/answers/service.ts";
import { loadConfig } from "../../src/config.ts";
import { loadCatalogue } from "../../src/knowledge/catalogue.ts";
import { testAnswerMessages } from "../support/i18n.ts";

// Search scans every passage per query: V8 keeps that loop fast only while all passages share a
// few hidden classes (same properties, same order). One property added to some passages once
// made search 6× slower. Changing these lists is allowed, after `npm run bench:search`.
const sectionKeys = "id,kind,lang,serviceId,title,text,citation,refs,status,current";
const factKeys = "id,kind,lang,serviceId,field,title,text,citation,refs,status,current";
const citationKeys = "source,title,date,status,locator,section";

describe("the shape of search passages", () => {
  it("gives every section one shape, every fact one shape, every citation one shape", async () => {
    const config = loadConfig({ NODE_ENV: "test" });
    const answers = createAnswerService({
      messages: testAnswerMessages,
      catalogue: await loadCatalogue(config.KNOWLEDGE_DIR),
      config,
    });
    const passages = answers.index.passages;
    expect(passages.length).toBeGreaterThan(100);
    const shapes = new Set(passages.map((p) => `${p.kind}:${Object.keys(p).join(",")}`));
    expect([...shapes].sort()).toEqual([`fact:${factKeys}`, `section:${sectionKeys}`]);
    expect(new Set(passages.map((p) => Object.keys(p.citation).join(",")))).toEqual(
      new Set([citationKeys]),
    );
  });
});
