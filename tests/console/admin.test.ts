import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../support/app.ts";
import { ConsoleClient } from "../support/console-client.ts";
import { testRedisUrl } from "../support/suite-redis.ts";

const admin = { email: "admin@qoldau.test", password: "admin-password-1" };

describe("admin: feedback review", () => {
  let app: Awaited<ReturnType<typeof buildApp>>;
  let client: ConsoleClient;

  beforeAll(async () => {
    app = await buildApp(testRedisUrl(), {
      ADMIN_EMAIL: admin.email,
      ADMIN_PASSWORD: admin.password,
    });
    client = new ConsoleClient(app.url);
    await client.login(admin.email, admin.password);
  });
  afterAll(async () => {
    await app?.close();
  });

  it("lists an operator's flag for review and resolves it", async () => {
    await client.submit("/console/search", "/console/flags", {
      kind: "missing",
      query: "жазғы лагерь",
      lang: "kk",
      comment: "Лагерь туралы жауап жоқ",
    });
    const page = await client.page("/console/feedback");
    expect(page.text).toContain("Лагерь туралы жауап жоқ");
    const id = /\/console\/feedback\/flags\/(\d+)\/resolve/.exec(page.text)?.[1];
    await client.post(`/console/feedback/flags/${id}/resolve`, { _csrf: page.csrf });
    expect((await client.page("/console/feedback")).text).not.toContain("Лагерь туралы жауап жоқ");
  });
});
