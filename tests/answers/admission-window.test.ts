import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  clearAdmissionWindowOverride,
  listAdmissionWindowOverrides,
  setAdmissionWindowOverride,
} from "../../src/admission/window-overrides.ts";
import { createAnswerService } from "../../src/answers/service.ts";
import { createCatalogueHolder } from "../../src/catalogue-holder.ts";
import { type Db, migrateToLatest, openDatabase } from "../../src/db/database.ts";
import type { AdmissionWindowOverride } from "../../src/knowledge/admission-windows.ts";
import { loadCatalogue } from "../../src/knowledge/catalogue.ts";
import { createLogger } from "../../src/logger.ts";
import { testAnswerMessages, testI18n } from "../support/i18n.ts";

const catalogue = await loadCatalogue("knowledge");
const june2026 = () => new Date("2026-06-01T06:00:00Z");
const logger = createLogger({ LOG_LEVEL: "silent", NODE_ENV: "test" });
/** The holder as the app builds it, with the answers' clock fixed. */
const holderOver = (loadAdmissionWindowOverrides: () => Promise<AdmissionWindowOverride[]>) =>
  createCatalogueHolder({
    config: { KNOWLEDGE_DIR: "knowledge" },
    logger,
    i18n: testI18n,
    loadAdmissionWindowOverrides,
    answers: (loaded, overrides) =>
      createAnswerService({
        messages: testAnswerMessages,
        catalogue: loaded,
        admissionWindowOverrides: overrides,
        now: june2026,
      }),
  });
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
    const holder = await holderOver(() => listAdmissionWindowOverrides(db));
    const ask = (question: string) => holder.current().answers.answerExtractive(question).answer;

    const before = ask("до какого числа принимают документы в первый класс?");
    expect(before).toMatch(/Приём заявлений \(2026 г\.\): с 1 апреля по 31 августа \(.*\) \[/);
    expect(before).not.toMatch(/администратор/);

    await setAdmissionWindowOverride(
      db,
      { kind: "first_grade", year: 2026, start: "2026-04-01", end: "2026-09-05" },
      "test",
    );
    expect(ask("до какого числа принимают документы в первый класс?")).toMatch(/по 31 августа \(/);
    await holder.refreshAdmissionWindows();

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
    await holder.refreshAdmissionWindows();
    expect(ask("до какого числа принимают документы в первый класс?")).toMatch(
      /\(2026 г\.\): с 1 апреля по 31 августа \(/,
    );
    holder.stop();
  });

  it("says a window is not confirmed when only an earlier year is configured", () => {
    const answers = createAnswerService({
      messages: testAnswerMessages,
      catalogue,
      now: () => new Date("2027-06-01T06:00:00Z"),
    });
    expect(
      answers.answerExtractive("до какого числа принимают документы в первый класс?").answer,
    ).toMatch(/\(2027 г\.\): с 1 апреля по 31 августа — на этот год не подтверждено/);
  });

  it("keeps the last good list when a reload fails", async () => {
    let fail = false;
    const holder = await holderOver(async () => {
      if (fail) throw new Error("database is locked");
      return [{ kind: "first_grade", year: 2026, end: "2026-09-05" }];
    });
    fail = true;
    await holder.refreshAdmissionWindows();
    expect(holder.current().admissionWindowOverrides).toEqual([
      { kind: "first_grade", year: 2026, end: "2026-09-05" },
    ]);
    expect(holder.current().admissionWindow("first_grade", 2026)).toMatchObject({
      origin: "override",
      end: "2026-09-05",
    });
  });
});
