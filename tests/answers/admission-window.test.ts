import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  clearAdmissionWindowOverride,
  listAdmissionWindowOverrides,
  setAdmissionWindowOverride,
} from "../../src/admission/window-overrides.ts";
import { createAdmissionWindowOverridesCache } from "../../src/answers/admission-window-overrides.ts";
import { createAnswerService } from "../../src/answers/service.ts";
import { type Db, migrateToLatest, openDatabase } from "../../src/db/database.ts";
import { loadCatalogue } from "../../src/knowledge/catalogue.ts";

const catalogue = await loadCatalogue("knowledge");
const june2026 = () => new Date("2026-06-01T06:00:00Z");
let dir: string;
let db: Db;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "qoldau-windows-"));
  db = await openDatabase(path.join(dir, "qoldau.sqlite"));
  await migrateToLatest(db);
});
afterAll(async () => {
  await db?.destroy();
  await rm(dir, { recursive: true, force: true });
});

describe("admission windows an administrator changed", () => {
  it("reach the answer, which says it follows the administrator's date and what sources said", async () => {
    const cache = await createAdmissionWindowOverridesCache(() => listAdmissionWindowOverrides(db));
    const answers = createAnswerService({
      catalogue,
      admissionWindowOverrides: cache.get,
      now: june2026,
    });
    const ask = (question: string) => answers.answerExtractive(question).answer;

    const before = ask("до какого числа принимают документы в первый класс?");
    expect(before).toMatch(/Приём заявлений \(2026 г\.\): с 1 апреля по 31 августа \(.*\) \[/);
    expect(before).not.toMatch(/администратор/);

    await setAdmissionWindowOverride(
      db,
      { kind: "first_grade", year: 2026, start: "2026-04-01", end: "2026-09-05" },
      "test",
    );
    expect(ask("до какого числа принимают документы в первый класс?")).toMatch(/по 31 августа \(/);
    await cache.refresh();

    const [override] = await listAdmissionWindowOverrides(db);
    const setOn = new Date(`${override?.updatedAt}`);
    const local = new Date(setOn.getTime() + 5 * 3_600_000);
    const ru = ask("до какого числа принимают документы в первый класс?");
    expect(ru).toMatch(
      new RegExp(
        `Приём заявлений \\(2026 г\\.\\): с 1 апреля по 5 сентября — срок установлен администратором \\(${local.getUTCDate()} \\S+ ${local.getUTCFullYear()} г\\.\\)`,
      ),
    );
    expect(ru).toMatch(/В опубликованных источниках: с 1 апреля по 31 августа \[/);
    const kk = ask("бірінші сыныпқа құжат қабылдау қашан аяқталады?");
    expect(kk).toMatch(/Өтініш қабылдау \(2026 ж\.\): 1 сәуір – 5 қыркүйек — мерзімді әкімші/);
    expect(kk).toMatch(/Жарияланған дереккөздерде: 1 сәуір – 31 тамыз \[/);

    await clearAdmissionWindowOverride(db, "first_grade", 2026);
    await cache.refresh();
    expect(ask("до какого числа принимают документы в первый класс?")).toMatch(
      /\(2026 г\.\): с 1 апреля по 31 августа \(/,
    );
    cache.stop();
  });

  it("says a window is not confirmed when only an earlier year is configured", () => {
    const answers = createAnswerService({
      catalogue,
      now: () => new Date("2027-06-01T06:00:00Z"),
    });
    expect(
      answers.answerExtractive("до какого числа принимают документы в первый класс?").answer,
    ).toMatch(/\(2027 г\.\): с 1 апреля по 31 августа — на этот год не подтверждено/);
  });

  it("keeps the last good list when a reload fails", async () => {
    let fail = false;
    const cache = await createAdmissionWindowOverridesCache(async () => {
      if (fail) throw new Error("database is locked");
      return [{ kind: "first_grade", year: 2026, end: "2026-09-05" }];
    });
    fail = true;
    await cache.refresh();
    expect(cache.get()).toEqual([{ kind: "first_grade", year: 2026, end: "2026-09-05" }]);
  });
});
