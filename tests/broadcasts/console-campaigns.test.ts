import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getCampaign } from "../../src/broadcasts/campaigns.ts";
import { subscribe } from "../../src/broadcasts/subscriptions.ts";
import { waitFor } from "../support/broadcasts.ts";
import type { ConsoleClient } from "../support/console-client.ts";
import { type ConsoleApp, school12User, startConsole } from "../support/console-harness.ts";
import { startTelegramApiServer, type TelegramApiServer } from "../support/telegram-api/index.ts";

const own = [31_001, 31_002, 31_003];
const other = [32_001, 32_002];

describe("campaign pages in the console", () => {
  let telegram: TelegramApiServer;
  let app: ConsoleApp;
  let school: ConsoleClient;
  let admin: ConsoleClient;

  beforeAll(async () => {
    telegram = await startTelegramApiServer({ unknownChats: "create" });
    ({
      app,
      clients: { school, admin },
    } = await startConsole({
      env: {
        DEMO_DATA: "1",
        BOT_TOKEN: telegram.token,
        TELEGRAM_API_ROOT: telegram.apiRoot,
        QUIET_HOURS: "",
        BROADCAST_RATE_PER_SECOND: "100",
      },
      users: {
        school: school12User,
        admin: { email: "admin@qoldau.test", password: "admin-pass-123", role: "admin" },
      },
    }));
    const { db } = app.deps;
    for (const [i, chatId] of own.entries())
      await subscribe(db, {
        chatId,
        providerId: "ast-school-12",
        grade: "first_grade",
        language: i === 0 ? "ru" : "kk",
      });
    for (const chatId of other)
      await subscribe(db, {
        chatId,
        providerId: "ast-school-45",
        grade: "first_grade",
        language: "kk",
      });
  });
  afterAll(async () => {
    await app?.close();
    await telegram?.close();
  });

  const form = {
    textKk: "Қабылдау 31 тамызда аяқталады.",
    textRu: "Приём заканчивается 31 августа.",
  };

  it("previews the reminder as parents see it, with the audience size, and sends nothing", async () => {
    const response = await school.submit("/console/campaigns", "/console/campaigns", {
      ...form,
      intent: "preview",
    });
    const text = await response.text();
    expect(response.status).toBe(200);
    expect(text).toContain(form.textKk);
    expect(text).toContain(form.textRu);
    expect(text).toMatch(/id="audience">[^<]*3</);
    expect(text).toContain("Отписаться от этой школы");
    expect(await app.deps.db.selectFrom("campaign").select("id").execute()).toEqual([]);
  });

  it("a school admin cannot send to another school's parents, a region or everyone", async () => {
    const audiences: Record<string, string>[] = [
      { scope: "provider", providerId: "ast-school-45" },
      { scope: "region", regionId: "astana" },
      { scope: "all" },
    ];
    for (const audience of audiences) {
      const response = await school.submit("/console/campaigns", "/console/campaigns", {
        ...form,
        ...audience,
        intent: "send",
      });
      expect(response.status).toBe(403);
    }
    expect(await app.deps.db.selectFrom("campaign").select("id").execute()).toEqual([]);
    const theirs = await admin.submit("/console/campaigns", "/console/campaigns", {
      ...form,
      scope: "provider",
      providerId: "ast-school-45",
      // A month ahead, in Almaty local time as the form sends it (the year ahead is the bound).
      scheduledAt: new Date(Date.now() + 30 * 86_400_000 + 5 * 3_600_000)
        .toISOString()
        .slice(0, 16),
      intent: "send",
    });
    expect(theirs.status).toBe(303);
    const theirsPath = theirs.headers.get("location") ?? "";
    expect((await school.get(theirsPath)).status).toBe(403);
    expect((await school.submit("/console/campaigns", `${theirsPath}/cancel`, {})).status).toBe(
      403,
    );
    expect((await school.page("/console/campaigns")).text).not.toContain(
      `data-campaign="${theirsPath.split("/").pop()}"`,
    );
    // The admin cancels it: nobody at school 45 ever gets it.
    expect((await admin.submit(theirsPath, `${theirsPath}/cancel`, {})).status).toBe(303);
    expect((await admin.page(theirsPath)).text).toContain("badge error");
  });

  it("sends now to the school's own parents once, in their language, with progress and a delivery report", async () => {
    const response = await school.submit("/console/campaigns", "/console/campaigns", {
      ...form,
      intent: "send",
    });
    expect(response.status).toBe(303);
    const location = response.headers.get("location") ?? "";
    const id = Number(location.split("/").pop());
    await waitFor(async () => (await getCampaign(app.deps.db, id))?.status === "completed");
    const page = await school.page(location);
    expect(page.text).toMatch(/<progress max="100" value="100"/);
    expect(page.text).toMatch(/id="sent">3</);
    expect(page.text).toContain('id="report"');
    const received = (chatId: number) =>
      telegram
        .user({ id: chatId })
        .messages()
        .map((m) => m.text);
    expect(received(own[0] as number)).toEqual([form.textRu]);
    expect(received(own[1] as number)).toEqual([form.textKk]);
    expect(received(own[2] as number)).toEqual([form.textKk]);
    for (const chatId of other) expect(received(chatId)).toEqual([]);
  });
});
