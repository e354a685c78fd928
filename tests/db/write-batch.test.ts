import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Db } from "../../src/db/database.ts";
import { createHandoffMessages } from "../../src/handoff/messages.ts";
import { createHandoffQueue } from "../../src/handoff/queue.ts";
import { createTestDatabase, engines, type TestDatabase } from "../support/test-database.ts";

/**
 * Operators' messages written in one burst share a transaction: each must still be on the
 * record when its write returns, and one that cannot be stored must not take the others with it.
 * On both engines: on PostgreSQL the read right after a write runs on another pooled connection,
 * so it sees only what was committed (SQLite's one connection would wait for the commit anyway).
 */
describe.each(engines)("handoff messages written together on %s", (engine) => {
  let test: TestDatabase;
  let db: Db;
  let conversationId: number;

  beforeEach(async () => {
    test = await createTestDatabase(engine);
    db = test.db;
    const { conversation } = await createHandoffQueue(db).open({
      channel: "telegram",
      chatId: "5001",
      language: "kk",
      topic: null,
      contextJson: "{}",
      expectedAt: null,
      now: new Date("2026-12-02T05:00:00Z"),
    });
    conversationId = conversation.id;
  });
  afterEach(async () => {
    await test.close();
  });

  it("stores every message of a burst, each on the record when its write returns", async () => {
    const messages = createHandoffMessages(db);
    const now = new Date("2026-12-02T05:01:00Z");
    const texts = Array.from({ length: 30 }, (_, i) => `Жауап ${i}`);
    // The burst is one commit, not thirty: what makes 200 chats at once affordable on SQLite.
    const transactions = vi.spyOn(db, "transaction");
    const stored = await Promise.all(
      texts.map(async (text) => {
        const row = await messages.add({ conversationId, author: "operator", text, now });
        // Read on another statement right away: the row is committed, not merely queued.
        expect((await messages.byId(row.id))?.text).toBe(text);
        return row;
      }),
    );
    expect(transactions).toHaveBeenCalledTimes(1);
    transactions.mockRestore();
    expect(stored.map((row) => row.text)).toEqual(texts);
    expect(new Set(stored.map((row) => row.id)).size).toBe(30);
    const marked = await Promise.all(stored.map((row) => messages.markDelivered(row.id, now)));
    expect(marked).toEqual(stored.map(() => true));
    // A second mark finds each one delivered already: nothing is sent twice.
    expect(await messages.markDelivered(stored[0]?.id ?? 0, now)).toBe(false);
    expect(await messages.pendingForChat({ channel: "telegram", chatId: "5001" })).toEqual([]);
  });

  it("a message that cannot be stored fails alone; the rest of the burst is stored", async () => {
    const messages = createHandoffMessages(db);
    const now = new Date("2026-12-02T05:02:00Z");
    const results = await Promise.allSettled([
      messages.add({ conversationId, author: "operator", text: "бірінші", now }),
      // No such conversation: the foreign key refuses it.
      messages.add({ conversationId: conversationId + 999, author: "operator", text: "жоқ", now }),
      messages.add({ conversationId, author: "operator", text: "үшінші", now }),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    const transcript = await messages.transcript(conversationId);
    expect(transcript.map((m) => m.text)).toEqual(["бірінші", "үшінші"]);
  });
});
