import { describe, expect, it } from "vitest";
import type { Outcome } from "../../src/handoff/queue.ts";
import { createUserRepository } from "../../src/users/repository.ts";
import { ConsoleClient } from "../support/console-client.ts";
import { useConsole } from "../support/console-harness.ts";
import { aigerim, dana } from "../support/handoff.ts";

const chief = {
  email: "chief@qoldau.test",
  password: "chief-password-1",
  role: "admin",
  displayName: "Бас маман",
} as const;

/** The figure printed before a label on the supervision page (`<b>3</b> Кезекте`). */
function figure(page: string, label: string): number | undefined {
  const found = new RegExp(`<b>(\\d+)</b> ${label}<`).exec(page);
  return found ? Number(found[1]) : undefined;
}

describe("supervision: what admins see of the 1414 queue", () => {
  const suite = useConsole({ users: { admin: chief }, accounts: [aigerim, dana] });

  it("kk: queue length, conversations under way, operators online, and today's outcomes", async () => {
    const { handoff, db } = suite.app.deps;
    const users = createUserRepository(db);
    const operator = async (email: string) => {
      const row = await users.findByEmail(email);
      if (!row) throw new Error(`no account ${email}`);
      return { id: row.id, role: "operator" as const };
    };
    const a = await operator(aigerim.email);
    const d = await operator(dana.email);
    await handoff.presence.set(a.id, "online");
    await handoff.presence.set(d.id, "away");

    const ids: number[] = [];
    for (let i = 0; i < 6; i++) {
      const { conversation } = await handoff.request({
        channel: "telegram",
        chatId: String(770_000 + i),
        language: i % 2 === 0 ? "kk" : "ru",
        topic: null,
        context: { consented: false, language: "kk", turns: [] },
        question: `Сұрақ ${i}`,
      });
      ids.push(conversation.id);
    }
    const [first = 0, second = 0, third = 0, fourth = 0] = ids;
    // Four taken: one stays under way, three are closed with an outcome each.
    for (const id of [first, second, third]) expect(await handoff.take(id, a)).toBe(true);
    expect(await handoff.take(fourth, d)).toBe(true);
    const closes: Array<[number, typeof a, Outcome]> = [
      [second, a, "answered"],
      [third, a, "answered"],
      [fourth, d, "abusive"],
    ];
    for (const [id, by, outcome] of closes) expect(await handoff.close(id, by, outcome)).toBe(true);

    const page = await suite.admin.page("/console/handoff/supervision");
    expect(page.status).toBe(200);
    expect(figure(page.text, "Кезекте")).toBe(2);
    expect(figure(page.text, "Жүріп жатыр")).toBe(1);
    expect(figure(page.text, "Желідегі операторлар")).toBe(1);
    expect(page.text).toContain("Айгерім");
    expect(page.text).not.toContain("Дана");
    const outcomes = Object.fromEntries(
      [...page.text.matchAll(/<th scope="row">([^<]+)<\/th><td>(\d+)<\/td>/g)].map((m) => [
        m[1],
        Number(m[2]),
      ]),
    );
    expect(outcomes).toEqual({ "Жауап берілді": 2, Дөрекі: 1 });
  });

  it("kk, then ru: the new-account form tells the admin that parents see only the first word of the name", async () => {
    const kk = await suite.admin.page("/console/admin/users");
    expect(kk.text).toContain("Ата-аналар операторды тек бірінші сөзімен көреді");
    const ru = await suite.admin.page("/console/admin/users?lang=ru");
    expect(ru.text).toContain("Родители видят оператора только по первому слову");
  });

  it("an operator who signs out is no longer online for the bot's promise", async () => {
    const operator = new ConsoleClient(suite.app.url);
    await operator.login(dana.email, dana.password);
    const row = await createUserRepository(suite.app.deps.db).findByEmail(dana.email);
    if (!row) throw new Error("no account for Dana");
    const { handoff } = suite.app.deps;
    await operator.submit("/console/handoff", "/console/handoff/presence", { status: "online" });
    expect((await handoff.presence.online()).map((o) => o.id)).toContain(row.id);
    const out = await operator.submit("/console/handoff", "/console/logout", {});
    expect(out.status).toBe(302);
    expect(await handoff.presence.of(row.id)).toBe("away");
    expect((await handoff.presence.online()).map((o) => o.id)).not.toContain(row.id);
  });
});
