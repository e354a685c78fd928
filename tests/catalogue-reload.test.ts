import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "./support/app.ts";
import { ConsoleClient } from "./support/console-client.ts";
import { testRedisUrl } from "./support/suite-redis.ts";
import { startTelegramApiServer, type TelegramApiServer } from "./support/telegram-api/index.ts";

const admin = { email: "admin@qoldau.test", password: "admin-password-1" };
const question = "сколько дней рассматривают заявление на обучение на дому?";

/**
 * The whole app (bot by long polling on the loopback Bot API, console, workers) on a copy of
 * knowledge/ that the test edits; an administrator reloads it from the console.
 */
describe("a catalogue reload reaches every transport", () => {
  let app: Awaited<ReturnType<typeof buildApp>>;
  let api: TelegramApiServer;
  let client: ConsoleClient;
  let knowledge: string;
  let homeSchooling: string;
  let original: string;

  beforeAll(async () => {
    knowledge = await mkdtemp(path.join(os.tmpdir(), "qoldau-knowledge-"));
    await cp("knowledge", knowledge, { recursive: true });
    homeSchooling = path.join(knowledge, "services", "home_schooling.yaml");
    original = await readFile(homeSchooling, "utf8");
    api = await startTelegramApiServer({ limits: false });
    app = await buildApp(testRedisUrl(), {
      ADMIN_EMAIL: admin.email,
      ADMIN_PASSWORD: admin.password,
      KNOWLEDGE_DIR: knowledge,
      BOT_TOKEN: api.token,
      TELEGRAM_API_ROOT: api.apiRoot,
    });
    client = new ConsoleClient(app.url);
    await client.login(admin.email, admin.password);
  });
  afterAll(async () => {
    await app?.close();
    await api?.close();
    await rm(knowledge, { recursive: true, force: true });
  });

  const reload = () =>
    client.submit("/console/admin/catalogue", "/console/admin/catalogue/reload", {});
  const botAnswer = async () => {
    const parent = api.user({
      id: 700_000 + Math.floor(Math.random() * 100_000),
      firstName: "Ата-ана",
      languageCode: "ru",
    });
    parent.sendText(question);
    return (await parent.waitForMessage()).text ?? "";
  };
  const consoleAnswer = async () =>
    (await client.page(`/console/search?q=${encodeURIComponent(question)}`)).text;

  it("keeps the running catalogue when the edited one does not validate, and says why", async () => {
    await writeFile(homeSchooling, original.replace(/^id: home_schooling$/m, "id: 42"));
    const broken = await reload();
    expect(broken.status).toBe(422);
    expect(await broken.text()).toContain("services/home_schooling.yaml");
    expect(app.deps.knowledge.current().catalogue.getService("home_schooling")).toBeDefined();
    expect(await botAnswer()).toMatch(/2 рабочих дня/);
  });

  it("answers from the new catalogue in the bot and in the console after a reload", async () => {
    expect(await botAnswer()).toMatch(/2 рабочих дня/);
    expect(await consoleAnswer()).toMatch(/2 рабочих дня/);
    const before = app.deps.knowledge.current().version;

    // The first service term (order 223, annex 4) goes from 2 to 7 working days.
    const changed = original.replace(/(terms:\n {2}- kind: service\n {4}amount: )2\n/, "$17\n");
    expect(changed).not.toBe(original);
    await writeFile(homeSchooling, changed);
    const fixed = await reload();
    expect(fixed.status).toBe(200);
    expect(await fixed.text()).toContain('class="notice ok"');
    expect(app.deps.knowledge.current().version).toBeGreaterThan(before);

    const fromBot = await botAnswer();
    expect(fromBot).toMatch(/7 рабочих дней/);
    const fromConsole = await consoleAnswer();
    expect(fromConsole).toMatch(/7 рабочих дней/);
    // The search index was rebuilt with it: the card's term and the answer agree.
    expect(
      app.deps.knowledge.current().catalogue.getService("home_schooling")?.terms[0]?.amount,
    ).toBe(7);
  });
});
