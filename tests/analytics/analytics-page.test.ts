import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { nearestRank, WEAK_ANSWER_CONFIDENCE } from "../../src/analytics/figures.ts";
import { parseCsv } from "../../src/infra/csv.ts";
import { addDays, fromLocal, localDate, today } from "../../src/time/local-time.ts";
import type { ConsoleClient } from "../support/console-client.ts";
import {
  type ConsoleApp,
  operatorUser,
  school12User,
  startConsole,
} from "../support/console-harness.ts";

const adminUser = {
  email: "chief@qoldau.test",
  password: "chief-password-1",
  role: "admin",
} as const;

/** Every figure row the page shows: each table row carries its CSV line. */
function pageFigures(text: string): string[] {
  return [...text.matchAll(/data-figure="([^"]*)"/g)].map((m) =>
    (m[1] ?? "")
      .replaceAll("&quot;", '"')
      .replaceAll("&#39;", "'")
      .replaceAll("&lt;", "<")
      .replaceAll("&gt;", ">")
      .replaceAll("&amp;", "&"),
  );
}

function csvBody(text: string): string[] {
  return text
    .replace(/^\uFEFF/, "")
    .trim()
    .split("\r\n")
    .slice(1);
}

const asked: [string, number][] = [
  // [question, days before today]
  ["үйде оқыту мерзімі", 0],
  ["үйде оқыту мерзімі", 1],
  ["ПМПК қайда орналасқан?", 2],
  ["оператормен сөйлескім келеді", 3],
  ["какие документы в ПМПК?", 0],
  ["какие документы в ПМПК?", 4],
  ["что такое хоумскулинг", 1],
  ["хоумскулинг что такое?", 5],
  ["Что такое хоумскулинг", 6],
  ["какие документы нужны?", 2],
  ["как получить пенсию по инвалидности?", 3],
  ["лагерь летом бесплатно?", 8],
  ["погода в Астане завтра", 9],
  // outside the period
  ["какие документы в ПМПК?", 10],
  ["үйде оқыту мерзімі", 15],
];

describe("analytics for administrators", () => {
  let app: ConsoleApp;
  let admin: ConsoleClient;
  let operator: ConsoleClient;
  let school: ConsoleClient;
  const now = new Date();
  const to = addDays(today(now), 1);
  const from = addDays(today(now), -9);

  beforeAll(async () => {
    const started = await startConsole({
      env: { DEMO_DATA: "1" },
      users: { admin: adminUser, operator: operatorUser, school: school12User },
    });
    app = started.app;
    ({ admin, operator, school } = started.clients);
    const { deps } = app;
    const { answers } = deps.knowledge.current();
    // Through the real paths: the operator's search over HTTP, and the recorder the bot calls.
    for (const q of ["ЖСН 150101500123 үйде оқыту мерзімі қанша?", "что такое хоумскулинг?"])
      expect((await operator.get(`/console/search?q=${encodeURIComponent(q)}`)).status).toBe(200);
    for (const [i, [question, daysAgo]] of asked.entries()) {
      // Local noon minus a few minutes per row: each row on the local day it names.
      const at = new Date(fromLocal(addDays(today(now), -daysAgo), "12:00").getTime() - i * 60_000);
      await deps.questionLog.record({
        channel: i % 3 === 0 ? "webchat" : "telegram",
        question,
        answer: answers.answerExtractive(question),
        at,
      });
    }
    // The period starts at Almaty's midnight: 23:30 the day before is out, 00:30 is in.
    for (const time of ["23:30", "00:30"]) {
      const day = time === "23:30" ? addDays(from, -1) : from;
      await deps.questionLog.record({
        channel: "telegram",
        question: "какие документы в ПМПК?",
        answer: answers.answerExtractive("какие документы в ПМПК?"),
        at: fromLocal(day, time),
      });
    }
    // Parents' verdicts, through the feedback store the bot uses.
    const verdicts: [string, string, boolean, number][] = [
      ["pmpk", "ru", false, 1],
      ["pmpk", "ru", true, 2],
      ["pmpk", "kk", false, 3],
      ["home_schooling", "kk", true, 1],
      ["home_schooling", "kk", false, 20],
    ];
    for (const [service, lang, helpful, daysAgo] of verdicts) {
      const ref = await deps.feedback.remember({ question: "?", lang, service, confidence: 0.9 });
      await deps.feedback.record(ref, helpful, fromLocal(addDays(today(now), -daysAgo), "10:00"));
    }
    // Handoff conversations (the handoff flow writes these rows; here they are planted).
    const waits = [30, 45, 60, 90, 120, 300, 600, null];
    for (const [i, wait] of waits.entries()) {
      const created = fromLocal(addDays(today(now), -(i % 5)), "11:00");
      await deps.db
        .insertInto("handoff_conversation")
        .values({
          channel: "telegram",
          chat_id: String(5000 + i),
          language: i % 2 === 0 ? "kk" : "ru",
          topic: null,
          status: "closed",
          context_json: "{}",
          created_at: created.toISOString(),
          taken_at: wait === null ? null : new Date(created.getTime() + wait * 1000).toISOString(),
          closed_at: created.toISOString(),
          operator_id: null,
          outcome: wait === null ? null : (["answered", "provider", "other_body"][i % 3] ?? null),
          rating: wait === null ? null : (i % 5) + 1,
          rating_comment: null,
        })
        .execute();
    }
  }, 60_000);
  afterAll(async () => {
    await app?.close();
  });

  const inPeriod = (isoOrDay: string, lang?: string, rowLang?: string) => {
    const day = isoOrDay.length === 10 ? isoOrDay : localDate(new Date(isoOrDay));
    return day >= from && day <= to && (!lang || lang === rowLang);
  };

  for (const language of [undefined, "kk"] as const) {
    it(`shows the figures the database holds${language ? `, in ${language} only` : ""}`, async () => {
      const { db } = app.deps;
      const query = `from=${from}&to=${to}${language ? `&language=${language}` : ""}`;
      const page = await admin.page(`/console/analytics?${query}`);
      expect(page.status).toBe(200);
      const shown = pageFigures(page.text).map(
        (line) => parseCsv(`section,key,language,channel,value,total\n${line}`)[0],
      );
      const figure = (section: string, key: string, extra: Record<string, string> = {}) =>
        shown.find(
          (r) =>
            r?.section === section &&
            r.key === key &&
            Object.entries(extra).every(([k, v]) => r[k] === v),
        );

      // Counted here straight from the rows, by their Almaty day.
      const logged = (await db.selectFrom("question_log").selectAll().execute()).filter((r) =>
        inPeriod(r.day, language, r.language),
      );
      expect(logged.length).toBeGreaterThan(language ? 3 : 10);
      const perDay = new Map<string, number>();
      for (const r of logged) {
        const key = `${r.day}|${r.language}|${r.channel}`;
        perDay.set(key, (perDay.get(key) ?? 0) + 1);
      }
      const shownPerDay = shown.filter((r) => r?.section === "questions_per_day");
      expect(shownPerDay).toHaveLength(perDay.size);
      for (const [key, n] of perDay) {
        const [day = "", lang = "", channel = ""] = key.split("|");
        expect(figure("questions_per_day", day, { language: lang, channel })?.value, key).toBe(
          String(n),
        );
      }
      for (const outcome of ["answered", "clarified", "out_of_scope", "refused", "person"]) {
        const n = logged.filter((r) => r.outcome === outcome).length;
        expect(figure("outcome", outcome)?.value, outcome).toBe(String(n));
        expect(figure("outcome", outcome)?.total).toBe(String(logged.length));
      }
      expect(page.text).toContain(`data-kpi="questions">${logged.length}<`);
      const services = new Map<string, number>();
      for (const r of logged)
        if (r.service) services.set(r.service, (services.get(r.service) ?? 0) + 1);
      for (const [service, n] of services)
        expect(figure("top_service", service)?.value, service).toBe(String(n));

      const weak = logged.filter(
        (r) =>
          r.outcome === "out_of_scope" ||
          r.outcome === "clarified" ||
          (r.outcome === "answered" && r.confidence < WEAK_ANSWER_CONFIDENCE),
      );
      const shownWeak = shown.filter((r) => r?.section === "unanswered");
      expect(shownWeak.reduce((sum, r) => sum + Number(r?.value), 0)).toBe(weak.length);

      const verdicts = (await db.selectFrom("answer_feedback").selectAll().execute()).filter((r) =>
        inPeriod(r.created_at, language, r.lang),
      );
      for (const service of new Set(verdicts.map((v) => v.service ?? ""))) {
        const mine = verdicts.filter((v) => v.service === service);
        expect(figure("not_helpful", service), service).toMatchObject({
          value: String(mine.filter((v) => v.helpful === 0).length),
          total: String(mine.length),
        });
      }

      const conversations = (
        await db.selectFrom("handoff_conversation").selectAll().execute()
      ).filter((r) => inPeriod(r.created_at, language, r.language));
      const waits = conversations
        .filter((r) => r.taken_at)
        .map((r) => (Date.parse(r.taken_at ?? "") - Date.parse(r.created_at)) / 1000)
        .sort((a, b) => a - b);
      expect(figure("handoff", "volume")?.value).toBe(String(conversations.length));
      expect(figure("handoff", "wait_p50_seconds")?.value).toBe(String(nearestRank(waits, 0.5)));
      expect(figure("handoff", "wait_p90_seconds")?.value).toBe(String(nearestRank(waits, 0.9)));
      for (const outcome of ["answered", "provider", "other_body"])
        expect(figure("handoff_outcome", outcome)?.value).toBe(
          String(conversations.filter((r) => r.outcome === outcome).length),
        );
      for (const rating of [1, 2, 3, 4, 5])
        expect(figure("rating", String(rating))?.value).toBe(
          String(conversations.filter((r) => r.rating === rating).length),
        );

      // The export is the same figures.
      const csv = await admin.get(`/console/analytics/export?${query}`);
      expect(csv.status).toBe(200);
      expect(csv.headers.get("content-type")).toMatch(/text\/csv/);
      expect(csvBody(await csv.text())).toEqual(pageFigures(page.text));
    });
  }

  it("groups questions worded alike", async () => {
    const page = await admin.page(`/console/analytics?from=${from}&to=${to}&language=ru`);
    const group = pageFigures(page.text).find((line) => /хоумскулинг/i.test(line));
    // "что такое хоумскулинг" ×2 (one typed in the console), "хоумскулинг что такое?", "Что такое хоумскулинг".
    expect(group).toMatch(/^unanswered,.*,ru,,4,$/);
    expect(pageFigures(page.text).filter((line) => /хоумскулинг/i.test(line))).toHaveLength(1);
  });

  it("draws the charts on the server, with no script or outside address", async () => {
    const page = await admin.page(`/console/analytics?from=${from}&to=${to}`);
    expect(page.text.match(/<svg class="chart"/g)?.length).toBeGreaterThanOrEqual(6);
    expect(page.text).not.toMatch(
      /<script(?! src="\/console\/assets\/console\.js")|https?:\/\/(?!www\.w3\.org)/,
    );
  });

  it("exports no ИИН typed into the search", async () => {
    const csv = await (await admin.get(`/console/analytics/export?from=${from}&to=${to}`)).text();
    expect(csv).not.toContain("150101500123");
    const rows = await app.deps.db.selectFrom("question_log").select("question").execute();
    expect(rows.map((r) => r.question).join("\n")).not.toMatch(/150101500123/);
  });

  it("refuses a malformed period in the admin's language", async () => {
    for (const query of [
      "from=2026-02-30",
      `from=${to}&to=${from}`,
      "from=2020-01-01&to=2026-01-01",
      "language=en",
    ]) {
      const page = await admin.page(`/console/analytics?${query}&lang=kk`);
      expect(page.status, query).toBe(400);
      expect(page.text).toContain("Кезең қате");
    }
  });

  it("is for administrators only: operators and school admins get 403 on every analytics route", async () => {
    const routes = app.server
      .printRoutes({ commonPrefix: false })
      .split("\n")
      .filter((line) => line.includes("analytics"));
    expect(routes.length).toBeGreaterThan(0);
    for (const client of [operator, school]) {
      for (const path of [
        "/console/analytics",
        "/console/analytics/export",
        "/console/analytics/tasks",
      ])
        expect((await client.get(path)).status, path).toBe(403);
      const { csrf } = await client.page("/console");
      for (const path of ["/console/analytics/tasks", "/console/analytics/tasks/1/approve"])
        expect((await client.post(path, { _csrf: csrf })).status, path).toBe(403);
    }
    expect((await operator.page("/console/search")).text).not.toContain(
      'href="/console/analytics"',
    );
  });
});
