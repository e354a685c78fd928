import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { approvedPhrasings } from "../../src/analytics/knowledge-tasks.ts";
import { createCatalogueHolder } from "../../src/catalogue-holder.ts";
import { createLogger } from "../../src/logger.ts";
import type { ConsoleClient } from "../support/console-client.ts";
import { type ConsoleApp, startConsole } from "../support/console-harness.ts";

const adminUser = {
  email: "chief@qoldau.test",
  password: "chief-password-1",
  role: "admin",
} as const;
const failing = "какие документы на хоумскулинг?";

describe("knowledge tasks from questions without a good answer", () => {
  let app: ConsoleApp;
  let admin: ConsoleClient;
  beforeAll(async () => {
    const started = await startConsole({ users: { admin: adminUser } });
    app = started.app;
    admin = started.clients.admin;
  });
  afterAll(async () => {
    await app?.close();
  });

  const search = async (q: string) =>
    (await admin.page(`/console/search?q=${encodeURIComponent(q)}&lang=ru`)).text;
  const taskId = async (text: string) => {
    const tasks = await admin.page("/console/analytics/tasks");
    const row = [...tasks.text.matchAll(/<tr data-task="(\d+)">(.*?)<\/tr>/gs)].find((m) =>
      (m[2] ?? "").includes(text),
    );
    if (!row) throw new Error(`no open task with ${text}`);
    return { id: row[1] ?? "", csrf: tasks.csrf };
  };

  it("an approved phrasing answers, without a release, a question that failed before", async () => {
    expect(await search(failing)).toContain("возможно, вне наших услуг");
    expect(app.deps.knowledge.current().answers.answerExtractive(failing).service).toBeNull();

    // The question shows up among those without a good answer; the admin makes a task of it.
    const analytics = await admin.page("/console/analytics?language=ru");
    expect(analytics.text).toContain(failing);
    const created = await admin.post("/console/analytics/tasks", {
      _csrf: analytics.csrf,
      kind: "phrasing",
      question: failing,
      language: "ru",
      group: "home-schooling",
      phrasing: "хоумскулинг",
    });
    expect(created.status).toBe(302);
    // Proposed is not live.
    expect(await search(failing)).toContain("возможно, вне наших услуг");

    const { id, csrf } = await taskId("хоумскулинг");
    const versionBefore = app.deps.knowledge.current().version;
    const approved = await admin.post(`/console/analytics/tasks/${id}/approve`, { _csrf: csrf });
    expect(approved.status).toBe(200);
    expect(await approved.text()).toContain("уже работает");
    expect(app.deps.knowledge.current().version).toBeGreaterThan(versionBefore);

    const answer = app.deps.knowledge.current().answers.answerExtractive(failing);
    expect(answer.service).toBe("home_schooling");
    const page = await search(failing);
    expect(page).not.toContain("возможно, вне наших услуг");
    expect(page).toMatch(/ВКК|врачебно-консультационн/);
    // A second approval of the same task changes nothing.
    const again = await admin.post(`/console/analytics/tasks/${id}/approve`, { _csrf: csrf });
    expect(again.status).toBe(409);
  });

  it("keeps the approved phrasing in the next start's catalogue", async () => {
    const holder = await createCatalogueHolder({
      config: app.deps.config,
      logger: createLogger(app.deps.config),
      i18n: app.deps.i18n,
      loadAdmissionWindowOverrides: async () => [],
      loadSynonymAdditions: () => approvedPhrasings(app.deps.db),
    });
    try {
      expect(holder.current().answers.answerExtractive(failing).service).toBe("home_schooling");
    } finally {
      holder.stop();
    }
  });

  it("a rejected phrasing never goes live", async () => {
    const q = "что такое индивидуалка на дому";
    const { csrf } = await admin.page("/console/analytics");
    await admin.post("/console/analytics/tasks", {
      _csrf: csrf,
      kind: "phrasing",
      question: q,
      language: "ru",
      group: "home-schooling",
      phrasing: "индивидуалка",
    });
    const task = await taskId("индивидуалка");
    const rejected = await admin.post(`/console/analytics/tasks/${task.id}/reject`, {
      _csrf: task.csrf,
    });
    expect(rejected.status).toBe(200);
    expect(await approvedPhrasings(app.deps.db)).toEqual([
      { group: "home-schooling", term: "хоумскулинг" },
    ]);
  });

  it("lists a missing fact for the knowledge editors until it is done", async () => {
    const { csrf } = await admin.page("/console/analytics");
    const created = await admin.post("/console/analytics/tasks", {
      _csrf: csrf,
      kind: "missing_fact",
      question: "ЖСН 150101500123, бассейн тегін бе?",
      language: "kk",
      note: "Бассейнге жеңілдік туралы дерек жоқ",
    });
    expect(created.status).toBe(302);
    const task = await taskId("Бассейнге жеңілдік");
    const tasks = await admin.page("/console/analytics/tasks");
    expect(tasks.text).not.toContain("150101500123");
    expect(
      (await admin.post(`/console/analytics/tasks/${task.id}/done`, { _csrf: task.csrf })).status,
    ).toBe(200);
    expect((await admin.page("/console/analytics/tasks")).text).not.toContain("Бассейнге жеңілдік");
  });

  it("refuses a phrasing for a group the catalogue does not have", async () => {
    const { csrf } = await admin.page("/console/analytics");
    const response = await admin.post("/console/analytics/tasks", {
      _csrf: csrf,
      kind: "phrasing",
      question: "x?",
      language: "ru",
      group: "no-such-group",
      phrasing: "что-то",
    });
    expect(response.status).toBe(400);
  });
});
