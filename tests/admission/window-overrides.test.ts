import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  clearAdmissionWindowOverride,
  currentAdmissionWindow,
  setAdmissionWindowOverride,
} from "../../src/admission/window-overrides.ts";
import type { Db } from "../../src/db/database.ts";
import { type Catalogue, loadCatalogue } from "../../src/knowledge/catalogue.ts";
import { createTestDatabase, engines, type TestDatabase } from "../support/test-database.ts";

describe.each(engines)("on %s", (engine) => {
  let db: Db;
  let testDb: TestDatabase;
  let catalogue: Catalogue;

  beforeAll(async () => {
    testDb = await createTestDatabase(engine);
    db = testDb.db;
    catalogue = await loadCatalogue("knowledge");
  });

  afterAll(async () => {
    await testDb.close();
  });

  describe("admission windows an administrator can change", () => {
    it("uses the catalogue's configured first-grade window for 2026 (1 April – 31 August)", async () => {
      const window = await currentAdmissionWindow(db, catalogue, "first_grade", 2026);
      expect(window).toMatchObject({ end: "2026-08-31", origin: "configured" });
    });

    it("lets an administrator's value win, and go back to the catalogue when cleared", async () => {
      await setAdmissionWindowOverride(
        db,
        {
          kind: "first_grade",
          year: 2026,
          start: "2026-04-01",
          end: "2026-09-05",
          note: "продлено",
        },
        "admin@example.kz",
      );
      expect(await currentAdmissionWindow(db, catalogue, "first_grade", 2026)).toMatchObject({
        start: "2026-04-01",
        end: "2026-09-05",
        origin: "override",
      });
      expect(await clearAdmissionWindowOverride(db, "first_grade", 2026)).toBe(true);
      expect((await currentAdmissionWindow(db, catalogue, "first_grade", 2026))?.origin).toBe(
        "configured",
      );
    });

    it("refuses a window that closes before it opens or outside its year", async () => {
      await expect(
        setAdmissionWindowOverride(
          db,
          { kind: "first_grade", year: 2027, start: "2027-08-01", end: "2027-04-01" },
          "x",
        ),
      ).rejects.toThrow(/open before it closes/);
      await expect(
        setAdmissionWindowOverride(db, { kind: "first_grade", year: 2027, end: "2028-08-31" }, "x"),
      ).rejects.toThrow(/in the window's year/);
      await expect(
        setAdmissionWindowOverride(db, { kind: "university", year: 2027, end: "2027-08-31" }, "x"),
      ).rejects.toThrow();
    });
  });
});
