import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Db, migrateToLatest, openDatabase } from "../../src/db/database.ts";
import { createHandoffQueue } from "../../src/handoff/queue.ts";
import { createUserRepository } from "../../src/users/repository.ts";

// Two connections to one SQLite file: two app instances, two operators clicking at once.
let dir: string;
let first: Db;
let second: Db;
let operators: number[];
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "qoldau-handoff-"));
  const file = path.join(dir, "qoldau.sqlite");
  first = await openDatabase(file);
  await migrateToLatest(first);
  second = await openDatabase(file);
  const users = createUserRepository(first);
  operators = [];
  for (const name of ["a", "b"])
    operators.push(
      (
        await users.create({
          email: `${name}@qoldau.test`,
          password: "operator-pass-1",
          role: "operator",
        })
      ).id,
    );
});
afterAll(async () => {
  await first?.destroy();
  await second?.destroy();
  await rm(dir, { recursive: true, force: true });
});

const open = (db: Db, chat: string) =>
  createHandoffQueue(db).open({
    channel: "telegram",
    chatId: chat,
    language: "kk",
    topic: null,
    contextJson: "{}",
    expectedAt: null,
    now: new Date(),
  });

describe("the queue", () => {
  it("two operators take the same conversation at once: exactly one holds it, 40 times over", async () => {
    const [a, b] = operators as [number, number];
    for (let i = 0; i < 40; i++) {
      const { conversation } = await open(first, `race-${i}`);
      const results = await Promise.all([
        createHandoffQueue(first).take(conversation.id, a, new Date()),
        createHandoffQueue(second).take(conversation.id, b, new Date()),
      ]);
      expect(results.filter(Boolean)).toHaveLength(1);
      const held = await createHandoffQueue(first).byId(conversation.id);
      expect(held?.operatorId).toBe(results[0] ? a : b);
    }
  });

  it("take-next from two connections never hands one conversation to both", async () => {
    const [a, b] = operators as [number, number];
    for (let i = 0; i < 10; i++) await open(first, `next-${i}`);
    const taken: number[] = [];
    await Promise.all(
      [first, second].map(async (db, k) => {
        for (let i = 0; i < 5; i++) {
          const id = await createHandoffQueue(db).takeNext(k === 0 ? a : b, new Date());
          if (id !== undefined) taken.push(id);
        }
      }),
    );
    expect(taken).toHaveLength(10);
    expect(new Set(taken).size).toBe(10);
  });

  it("a second request of the same chat joins the open conversation; after closing, a new one opens", async () => {
    const [a] = operators as [number];
    const one = await open(first, "join");
    const two = await open(second, "join");
    expect(two).toMatchObject({ joined: true, conversation: { id: one.conversation.id } });
    const queue = createHandoffQueue(first);
    expect(await queue.take(one.conversation.id, a, new Date())).toBe(true);
    expect(
      await queue.close(one.conversation.id, { operatorId: a, outcome: "answered" }, new Date()),
    ).toBe(true);
    const three = await open(first, "join");
    expect(three.joined).toBe(false);
    expect(three.conversation.id).not.toBe(one.conversation.id);
  });

  it("positions count only those waiting ahead; a transfer needs the holder", async () => {
    const [a, b] = operators as [number, number];
    const queue = createHandoffQueue(first);
    for (const c of await queue.waiting()) await queue.take(c.id, a, new Date());
    const x = await open(first, "pos-x");
    const y = await open(first, "pos-y");
    expect(await queue.position(x.conversation.id)).toBe(1);
    expect(await queue.position(y.conversation.id)).toBe(2);
    await queue.take(x.conversation.id, a, new Date());
    expect(await queue.position(y.conversation.id)).toBe(1);
    expect(await queue.position(x.conversation.id)).toBeUndefined();
    expect(await queue.transfer(x.conversation.id, b, a, new Date())).toBe(false);
    expect(await queue.transfer(x.conversation.id, a, b, new Date())).toBe(true);
    expect((await queue.byId(x.conversation.id))?.operatorId).toBe(b);
    expect(
      await queue.close(x.conversation.id, { operatorId: a, outcome: "answered" }, new Date()),
    ).toBe(false);
  });
});
