import { describe, expect, it } from "vitest";
import {
  CampaignForbiddenError,
  campaignProgress,
  countAudience,
  getCampaign,
} from "../../src/broadcasts/campaigns.ts";
import { isQuiet, msUntilQuietEnds, parseQuietHours } from "../../src/broadcasts/quiet-hours.ts";
import { createDueWindowReminders, dueReminders } from "../../src/broadcasts/reminders.ts";
import { loadCatalogue } from "../../src/knowledge/catalogue.ts";
import { useBroadcastTestBed } from "../support/broadcast-harness.ts";
import { receivedBy, subscribeParents, t, waitFor } from "../support/broadcasts.ts";

const quiet = parseQuietHours("21:00-09:00", "Asia/Almaty");
/** Almaty is UTC+5. */
const almaty = (local: string) => new Date(`${local}+05:00`);

describe("quiet hours", () => {
  it("21:00–09:00 in Almaty is quiet whatever the server's zone", () => {
    expect(isQuiet(quiet, almaty("2026-03-10T20:59:59"))).toBe(false);
    expect(isQuiet(quiet, almaty("2026-03-10T21:00:00"))).toBe(true);
    expect(isQuiet(quiet, almaty("2026-03-11T03:00:00"))).toBe(true);
    expect(isQuiet(quiet, almaty("2026-03-11T09:00:00"))).toBe(false);
    expect(msUntilQuietEnds(quiet, almaty("2026-03-11T08:30:00"))).toBe(30 * 60_000);
    expect(parseQuietHours("", "Asia/Almaty")).toBeUndefined();
  });
});

describe("campaigns against the clock and the catalogue", () => {
  const bed = useBroadcastTestBed();

  it("a campaign that reaches quiet hours pauses and resumes in the morning", async () => {
    const { db } = bed;
    const parents = await subscribeParents(db, {
      providerId: "ast-school-12",
      count: 24,
      firstChatId: 20_000,
    });
    let clock = almaty("2026-03-10T20:59:00");
    const harness = await bed.start({
      runtime: { ratePerSecond: 10, quietHours: quiet, quietRecheckMs: 100, now: () => clock },
    });
    const { server } = harness;
    const campaign = await harness.runtime.service.create(
      { role: "admin", providerId: null },
      { scope: "all", textKk: "Кешкі хабар", textRu: "Вечернее сообщение" },
    );
    await waitFor(() => server.stats.messagesSent >= 5 || undefined);
    clock = almaty("2026-03-10T21:00:00");
    await new Promise((r) => setTimeout(r, 300));
    const atNightfall = server.stats.messagesSent;
    await new Promise((r) => setTimeout(r, 1200));
    expect(server.stats.messagesSent).toBe(atNightfall);
    expect(atNightfall).toBeLessThan(parents.length);
    expect((await getCampaign(db, campaign.id))?.status).toBe("sending");

    clock = almaty("2026-03-11T09:00:01");
    await waitFor(async () => (await getCampaign(db, campaign.id))?.status === "completed", 10_000);
    const received = receivedBy(server, parents);
    expect([...received.values()].every((m) => m.length === 1)).toBe(true);
  });

  it("a campaign scheduled for later starts then, not before", async () => {
    const { db } = bed;
    const parents = await subscribeParents(db, {
      providerId: "ast-school-12",
      count: 3,
      firstChatId: 21_000,
    });
    const harness = await bed.start();
    const campaign = await harness.runtime.service.create(
      { role: "school_admin", providerId: "ast-school-12" },
      {
        scope: "provider",
        providerId: "ast-school-12",
        textKk: "Кейін",
        textRu: "Позже",
        scheduledAt: new Date(Date.now() + 1500),
      },
    );
    await new Promise((r) => setTimeout(r, 700));
    expect(harness.server.stats.messagesSent).toBe(0);
    await waitFor(async () => (await getCampaign(db, campaign.id))?.status === "completed", 8000);
    expect([...receivedBy(harness.server, parents).values()].map((m) => m.length)).toEqual([
      1, 1, 1,
    ]);
  });

  it("creates each automatic window reminder once, for the matching grade, in both languages", async () => {
    const { db } = bed;
    const catalogue = await loadCatalogue("knowledge");
    await subscribeParents(db, {
      providerId: "ast-school-12",
      count: 4,
      firstChatId: 22_000,
      grade: "first_grade",
    });
    await subscribeParents(db, {
      providerId: "ast-school-45",
      count: 2,
      firstChatId: 22_100,
      grade: "other",
    });
    const options = { daysBeforeClose: 7 };
    const opened = await createDueWindowReminders(db, catalogue, t, {
      ...options,
      now: almaty("2026-04-02T10:00:00"),
    });
    expect(opened.map((c) => c.window_key)).toContain("first_grade:2026:opens");
    const firstGrade = opened.find((c) => c.window_key === "first_grade:2026:opens");
    expect(firstGrade?.text_kk).toContain("01.04.2026");
    expect(firstGrade?.text_ru).toContain("31.08.2026");
    expect(await countAudience(db, { scope: "all", grade: firstGrade?.grade ?? null })).toBe(4);

    // Every later run that day and the next creates nothing new.
    for (const day of ["2026-04-02T15:00:00", "2026-04-03T10:00:00"])
      expect(
        await createDueWindowReminders(db, catalogue, t, { ...options, now: almaty(day) }),
      ).toEqual([]);
    const closing = await createDueWindowReminders(db, catalogue, t, {
      ...options,
      now: almaty("2026-08-25T10:00:00"),
    });
    expect(closing.map((c) => c.window_key)).toContain("first_grade:2026:closes-7");
    // Parents get no staff caveats; a date no current source states says where to confirm it.
    const caveats = /не проверен|тексерілмеген|ескі мәтін|старому тексту|источник/;
    for (const campaign of [...opened, ...closing]) {
      expect(campaign.text_kk).not.toMatch(caveats);
      expect(campaign.text_ru).not.toMatch(caveats);
    }
    const special = closing.find((c) => c.window_key === "special_admission:2026:closes-7");
    expect(special?.text_kk).toMatch(/мектептен немесе 1414 нөмірінен нақтылаңыз/);
    expect(special?.text_ru).toMatch(/уточните в школе или по номеру 1414/);
    expect(closing.find((c) => c.window_key === "first_grade:2026:closes-7")?.text_ru).not.toMatch(
      /1414/,
    );
    expect(closing.find((c) => c.window_key === "first_grade:2026:closes-7")?.text_ru).toContain(
      "6",
    );
    expect(
      await createDueWindowReminders(db, catalogue, t, {
        ...options,
        now: almaty("2026-08-30T10:00:00"),
      }),
    ).toEqual([]);
    const keys = await db.selectFrom("campaign").select("window_key").execute();
    expect(new Set(keys.map((k) => k.window_key)).size).toBe(keys.length);
  });

  it("an administrator's override moves the reminder to the new closing date", () => {
    const due = dueReminders(
      [
        {
          kind: "first_grade",
          year: 2027,
          start: "2027-04-01",
          end: "2027-06-30",
          origin: "override",
          citations: [],
          claims: [],
        },
      ],
      "2027-06-24",
      7,
    );
    expect(due.map((d) => d.windowKey)).toEqual(["first_grade:2027:closes-7"]);
    expect(
      dueReminders(
        [
          {
            kind: "first_grade",
            year: 2027,
            start: "2027-04-01",
            end: "2027-08-31",
            origin: "assumed",
            citations: [],
            claims: [],
          },
        ],
        "2027-04-02",
        7,
      ),
    ).toEqual([]);
  });

  it("a school admin cannot send to another school's parents, a region or everyone", async () => {
    const { db } = bed;
    await subscribeParents(db, { providerId: "ast-school-45", count: 3, firstChatId: 23_000 });
    const harness = await bed.start();
    const schoolAdmin = { role: "school_admin" as const, providerId: "ast-school-12" };
    const base = { textKk: "Мәтін", textRu: "Текст" };
    for (const audience of [
      { scope: "provider" as const, providerId: "ast-school-45" },
      { scope: "region" as const, regionId: "astana" },
      { scope: "all" as const },
    ])
      await expect(
        harness.runtime.service.create(schoolAdmin, { ...audience, ...base }),
      ).rejects.toBeInstanceOf(CampaignForbiddenError);
    await expect(
      harness.runtime.service.create(
        { role: "operator", providerId: null },
        { scope: "provider", providerId: "ast-school-12", ...base },
      ),
    ).rejects.toBeInstanceOf(CampaignForbiddenError);
    expect(await db.selectFrom("campaign").select("id").execute()).toEqual([]);
    await new Promise((r) => setTimeout(r, 300));
    expect(harness.server.stats.messagesSent).toBe(0);

    const own = await harness.runtime.service.create(schoolAdmin, {
      scope: "provider",
      providerId: "ast-school-12",
      ...base,
    });
    await waitFor(async () => (await getCampaign(db, own.id))?.status === "completed");
    expect((await campaignProgress(db, own.id)).total).toBe(0);
  });
});
