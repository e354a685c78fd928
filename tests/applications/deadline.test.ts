import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { computeApplicationDeadline } from "../../src/applications/deadline.ts";
import { loadDemoApplications } from "../../src/applications/import.ts";
import { getApplication } from "../../src/applications/registry.ts";
import { isOverdue, type Stage } from "../../src/applications/stages.ts";
import { migrateToLatest, openDatabase } from "../../src/db/database.ts";
import { loadCatalogue } from "../../src/knowledge/catalogue.ts";

const catalogue = await loadCatalogue("knowledge");
/** A local Almaty time (UTC+5). */
const at = (local: string) => new Date(`${local}+05:00`);

describe("an application's deadline from the calendar", () => {
  it("home schooling sent on a Friday evening is due on Wednesday at 18:30", () => {
    const result = computeApplicationDeadline(
      catalogue,
      "home_schooling",
      at("2026-11-20T19:00:00"),
    );
    if (!result.ok) throw new Error(result.reason);
    expect(result.deadline).toBe("2026-11-25");
    expect(result.dueAt.toISOString()).toBe("2026-11-25T13:30:00.000Z");
    expect(result.term).toMatchObject({ kind: "service", amount: 2, unit: "working_days" });
    expect(result.term.status).toBe("current");
  });

  it("skips Nauryz 2026 when sent on its eve, and counts after-hours sending from 26 March", () => {
    const inHours = computeApplicationDeadline(
      catalogue,
      "home_schooling",
      at("2026-03-20T16:00:00"),
    );
    const afterHours = computeApplicationDeadline(
      catalogue,
      "home_schooling",
      at("2026-03-20T18:00:00"),
    );
    if (!inHours.ok || !afterHours.ok) throw new Error("no deadline");
    expect(inHours.deadline).toBe("2026-03-27");
    expect(afterHours.computed.acceptedDate).toBe("2026-03-26");
    expect(afterHours.deadline).toBe("2026-03-30");
  });

  it("uses the term the service card shows: special admission's unverified 3 working days", () => {
    const result = computeApplicationDeadline(
      catalogue,
      "special_admission",
      at("2026-11-23T10:00:00"),
    );
    if (!result.ok) throw new Error(result.reason);
    expect(result.term).toMatchObject({ kind: "e_request", amount: 3, status: "unverified" });
    expect(result.deadline).toBe("2026-11-26");
  });

  it("gives no deadline when the term is a range or unknown, rather than inventing one", () => {
    const when = at("2026-11-23T10:00:00");
    expect(computeApplicationDeadline(catalogue, "rehabilitation", when)).toEqual({
      ok: false,
      reason: "no_exact_term",
    });
    expect(computeApplicationDeadline(catalogue, "first_grade", when)).toEqual({
      ok: false,
      reason: "no_exact_term",
    });
    expect(computeApplicationDeadline(catalogue, "no_such_service", when)).toEqual({
      ok: false,
      reason: "unknown_service",
    });
  });
});

describe("demo applications", () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it("compute the deadlines not given in the file and keep the explicit overdue ones", async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "qoldau-deadline-"));
    const db = await openDatabase(path.join(dir, "qoldau.sqlite"));
    try {
      await migrateToLatest(db);
      const now = at("2026-11-20T19:00:00");
      await loadDemoApplications(db, "test-secret-0123456789", { now, catalogue });
      // Submitted one day before a Friday evening: Thursday 19:00 → accepted Friday → Tuesday.
      const computed = await getApplication(db, "65H9-THPJ-H6NA");
      const expected = computeApplicationDeadline(
        catalogue,
        "home_schooling",
        new Date(now.getTime() - 86_400_000),
      );
      expect(expected.ok && expected.deadline).toBe("2026-11-24");
      expect(computed?.deadline).toBe("2026-11-24");
      expect(isOverdue(computed?.stage as Stage, computed?.deadline ?? "", now)).toBe(false);
      const overdue = await getApplication(db, "R86Z-A7PW-MFNN");
      expect(overdue?.deadline).toBe("2026-11-17");
      expect(isOverdue(overdue?.stage as Stage, overdue?.deadline ?? "", now)).toBe(true);
    } finally {
      await db.destroy();
    }
  });

  it("refuse to load a row without a deadline when there is no catalogue to compute it", async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "qoldau-deadline-"));
    const db = await openDatabase(path.join(dir, "qoldau.sqlite"));
    try {
      await migrateToLatest(db);
      await expect(loadDemoApplications(db, "test-secret-0123456789")).rejects.toThrow(
        /line 2: no deadline given and no catalogue/,
      );
    } finally {
      await db.destroy();
    }
  });
});
