import { describe, expect, it } from "vitest";
import { readAloud } from "../../src/console/pages/search.ts";
import { ConsoleClient } from "../support/console-client.ts";
import { operatorUser, useConsole } from "../support/console-harness.ts";

describe("operator search", () => {
  const suite = useConsole({ users: { operator: operatorUser } });

  it("finds cards and highlighted passages per keystroke, then the best answer with citations", async () => {
    const q = encodeURIComponent("үйде оқыту құжаттар");
    const response = await suite.operator.get(`/console/api/search?q=${q}`);
    expect(response.status).toBe(200);
    const fragment = await response.text();
    expect(fragment).toContain("service-card");
    expect(fragment).toMatch(/<mark>[^<]+<\/mark>/);
    expect(fragment).toContain('lang="kk"');
    expect(fragment).toContain(`data-answer="/console/api/answer?q=${q}"`);

    const answer = await (await suite.operator.get(`/console/api/answer?q=${q}`)).text();
    expect(answer).toContain('id="best-answer"');
    expect(answer).toContain('class="citations"');
    expect(answer).toMatch(/№ 223|223/);
    expect(answer).toContain('name="_csrf"');
    expect(answer).not.toContain("\u0000");

    // Once computed, the answer comes inline with the next identical search.
    const again = await (await suite.operator.get(`/console/api/search?q=${q}`)).text();
    expect(again).toContain('id="best-answer"');
    expect(again).not.toContain("answer-slot");
  });

  it("answers a Russian question in Russian", async () => {
    const q = encodeURIComponent("какие документы для обучения на дому");
    const answer = await (await suite.operator.get(`/console/api/answer?q=${q}`)).text();
    expect(answer).toMatch(/<section class="card answer[^>]*lang="ru"/);
    const passages = await (await suite.operator.get(`/console/api/search?q=${q}`)).text();
    expect(passages).toMatch(/<li class="passage result-item" tabindex="-1" lang="ru"/);
    expect(passages).toMatch(/<mark>[^<]*(обучени|дому|документ)[^<]*<\/mark>/i);
  });

  it("renders the results without JavaScript on the page itself", async () => {
    const page = await suite.operator.page(`/console/search?q=${encodeURIComponent("ПМПК")}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('id="best-answer"');
    expect(page.text).toContain("autofocus");
  });

  it("escapes what the operator typed", async () => {
    const response = await suite.operator.get(
      `/console/api/search?q=${encodeURIComponent("<script>alert(1)</script> үйде")}`,
    );
    const fragment = await response.text();
    expect(fragment).not.toContain("<script>alert(1)</script>");
  });

  it("strips bracketed citations from the read-aloud text", () => {
    expect(readAloud("Құжаттар:\n• Өтініш [№ 223, 27.05.2020, 8-жол]\n• ДКК [№ 223]")).toBe(
      "Құжаттар:\n• Өтініш\n• ДКК",
    );
  });

  it("saves a flag on an answer with the operator's comment", async () => {
    const response = await suite.operator.submit("/console/search", "/console/flags", {
      kind: "wrong",
      query: "үйде оқыту мерзімі",
      lang: "kk",
      answerRef: "home_schooling",
      comment: "Мерзім 2025 редакциясы бойынша емес",
    });
    expect(response.status).toBe(302);
    const flags = await suite.app.deps.db.selectFrom("console_flag").selectAll().execute();
    expect(flags).toHaveLength(1);
    expect(flags[0]?.comment).toBe("Мерзім 2025 редакциясы бойынша емес");
  });

  it("refuses the search API to someone not signed in", async () => {
    const anonymous = new ConsoleClient(suite.app.url);
    expect((await anonymous.get("/console/api/search?q=x")).status).toBe(401);
  });
});
