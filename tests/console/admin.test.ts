import { cp, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { buildApp } from "../support/app.ts";
import { ConsoleClient } from "./client.ts";

const admin = { email: "admin@qoldau.test", password: "admin-password-1" };

describe("admin: catalogue reload and feedback review", () => {
  let app: Awaited<ReturnType<typeof buildApp>>;
  let client: ConsoleClient;
  let knowledge: string;

  beforeAll(async () => {
    // A copy of knowledge/ that the test may break; it lives in the app's temp dir.
    app = await buildApp(inject("redisUrl"), {
      ADMIN_EMAIL: admin.email,
      ADMIN_PASSWORD: admin.password,
    });
    knowledge = path.join(app.dir, "knowledge");
    await cp("knowledge", knowledge, { recursive: true });
    app.deps.config.KNOWLEDGE_DIR = knowledge;
    client = new ConsoleClient(app.url);
    await client.login(admin.email, admin.password);
  });
  afterAll(async () => {
    await app?.close();
  });

  it("shows validation errors of a broken catalogue and keeps the old one", async () => {
    const file = path.join(knowledge, "services", "pmpk.yaml");
    const original = await readFile(file, "utf8");
    await writeFile(file, original.replace(/^id: pmpk$/m, "id: 42"));
    const broken = await client.submit(
      "/console/admin/catalogue",
      "/console/admin/catalogue/reload",
      {},
    );
    expect(broken.status).toBe(422);
    expect(await broken.text()).toContain("services/pmpk.yaml");
    expect(app.deps.catalogue.getService("pmpk")).toBeDefined();

    await writeFile(file, original);
    const fixed = await client.submit(
      "/console/admin/catalogue",
      "/console/admin/catalogue/reload",
      {},
    );
    expect(fixed.status).toBe(200);
    expect(await fixed.text()).toContain('class="notice ok"');
    expect(app.deps.catalogue.dir).toBe(knowledge);
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
