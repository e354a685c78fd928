import { afterEach, describe, expect, it } from "vitest";
import { generateApplicationId } from "../../src/applications/id.ts";
import { importStageUpdatesCsv } from "../../src/applications/import.ts";
import { type StatusHarness, startStatusHarness } from "../support/status-harness.ts";
import { testRedisUrl } from "../support/suite-redis.ts";

let h: StatusHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe("stage updates from a provider's CSV", () => {
  it("applies changes with an audit entry, skips replays and names the rows it could not apply", async () => {
    h = await startStatusHarness(testRedisUrl());
    const [a, b] = [generateApplicationId(), generateApplicationId()];
    await h.addApplication({ id: a });
    await h.addApplication({ id: b });
    const csv = [
      "application_id,stage,refusal_ground,at",
      `${a.toLowerCase()},assigned,,2026-11-21T10:00:00+05:00`,
      `${b},registered,,`,
      `${b},refused,,`,
      `${generateApplicationId()},issued,,`,
    ].join("\n");
    const report = await importStageUpdatesCsv(h.registry.moveStage, csv, "import:updates.csv");
    expect(report).toEqual({
      changed: 1,
      unchanged: 1,
      problems: ["line 4: refusal ground required", "line 5: unknown application"],
    });
    const audit = await h.db
      .selectFrom("application_stage")
      .select(["stage", "actor", "at"])
      .where("application_id", "=", a)
      .orderBy("id")
      .execute();
    expect(audit.at(-1)).toEqual({
      stage: "assigned",
      actor: "import:updates.csv",
      at: "2026-11-21T10:00:00+05:00",
    });
  });

  it("stops at a malformed row before changing anything", async () => {
    h = await startStatusHarness(testRedisUrl());
    const a = generateApplicationId();
    await h.addApplication({ id: a });
    const csv = `application_id,stage\n${a},issued\n65H9-THPJ-H6NB,issued\n`;
    await expect(importStageUpdatesCsv(h.registry.moveStage, csv, "import:x.csv")).rejects.toThrow(
      /line 3, column application_id: not a valid application ID \(checksum\)/,
    );
    const row = await h.db
      .selectFrom("application")
      .select("stage")
      .where("id", "=", a)
      .executeTakeFirst();
    expect(row?.stage).toBe("registered");
  });
});
