import { readFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "../../src/db/database.ts";
import { loadCatalogue } from "../../src/knowledge/catalogue.ts";
import {
  directoryKinds,
  getProvider,
  importProvidersCsv,
  listRegions,
  reminderKinds,
  searchProviders,
} from "../../src/providers/directory.ts";
import { createTestDatabase, engines, type TestDatabase } from "../support/test-database.ts";

describe.each(engines)("on %s", (engine) => {
  let db: Db;
  let testDb: TestDatabase;

  beforeAll(async () => {
    testDb = await createTestDatabase(engine);
    db = testDb.db;
    await importProvidersCsv(db, await readFile("demo/providers.csv", "utf8"));
  });

  afterAll(async () => {
    await testDb.close();
  });

  describe("provider directory", () => {
    it("imports the demo directory and lists its regions", async () => {
      const regions = await listRegions(db);
      expect(regions.map((region) => region.region_id)).toEqual([
        "abai",
        "almaty",
        "astana",
        "shymkent",
      ]);
      expect((await getProvider(db, "ast-school-12"))?.name_kk).toContain("№ 12");
    });

    it("finds a school by number the way parents type it, within a region", async () => {
      const found = await searchProviders(db, { regionId: "astana", query: "№12" });
      expect(found.map((provider) => provider.id)).toEqual(["ast-school-12"]);
    });

    it("finds a school by part of its Kazakh or Russian name", async () => {
      expect((await searchProviders(db, { query: "гимназия" })).map((p) => p.id).sort()).toEqual([
        "ast-school-12",
        "shym-school-80",
      ]);
      expect((await searchProviders(db, { query: "интернат" })).map((p) => p.id)).toEqual([
        "ast-special-3",
      ]);
    });

    it("finds a name whatever the case of its Cyrillic letters, on both engines", async () => {
      // «Школа…» and «Специальная…» start with capitals; parents type in lower case or capitals.
      const found = await searchProviders(db, { query: "школа-гимназия" });
      expect(found.map((p) => p.id).sort()).toEqual(["ast-school-12", "shym-school-80"]);
      const special = await searchProviders(db, { query: "СПЕЦИАЛЬНАЯ" });
      expect(special.map((p) => p.id).sort()).toEqual(["alm-special-9", "ast-special-3"]);
    });

    it("re-importing updates rows instead of duplicating them", async () => {
      const csv = await readFile("demo/providers.csv", "utf8");
      await importProvidersCsv(
        db,
        csv.replace("Школа № 25 (демо)", "Школа № 25 имени Абая (демо)"),
      );
      const all = await searchProviders(db, { limit: 100 });
      expect(all).toHaveLength(16);
      expect((await getProvider(db, "shym-school-25"))?.name_ru).toBe(
        "Школа № 25 имени Абая (демо)",
      );
    });

    it("rejects a malformed row and names its line and column", async () => {
      const csv =
        "id,kind,name_kk,name_ru,region_id,region_kk,region_ru,number,address,phone\nBad Id,school,a,bb,x,xx,xx,,,\n";
      await expect(importProvidersCsv(db, csv)).rejects.toThrow(/line 2, column id/);
    });
  });

  it("accepts only the directory kinds of the catalogue, and subscriptions offer only schools", async () => {
    const catalogue = await loadCatalogue("knowledge");
    const kinds = directoryKinds(catalogue);
    // The whole demo directory is made of the catalogue's kinds.
    expect(await importProvidersCsv(db, await readFile("demo/providers.csv", "utf8"), kinds)).toBe(
      (await db.selectFrom("provider").select("id").execute()).length,
    );
    const csv =
      "id,kind,name_kk,name_ru,region_id,region_kk,region_ru,number,address,phone\nast-zoo-1,zoo,aa,bb,x,xx,xx,,,\n";
    await expect(importProvidersCsv(db, csv, kinds)).rejects.toThrow(
      /line 2, column kind: not a directory kind "zoo"/,
    );
    expect(reminderKinds(catalogue)).toContain("school");
    expect(reminderKinds(catalogue)).not.toContain("pmpk");
  });
});
