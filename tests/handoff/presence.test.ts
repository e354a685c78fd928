import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type Db, migrateToLatest, openDatabase } from "../../src/db/database.ts";
import { createPresence } from "../../src/handoff/presence.ts";
import { createUserRepository } from "../../src/users/repository.ts";
import { useConsole } from "../support/console-harness.ts";
import { dana } from "../support/handoff.ts";

/** Tuesday 25 Nov 2025, 10:00 in Almaty: the centre is open, so only presence decides. */
const openHours = new Date("2025-11-25T05:00:00Z");

describe("an operator is online only while their console is live", () => {
  const suite = useConsole({
    users: { operator: dana },
    env: { HANDOFF_PRESENCE_TIMEOUT_SECONDS: "3" },
  });

  it("the open queue keeps them online; a closed browser drops out and the bot promises a time instead", async () => {
    const { handoff, db } = suite.app.deps;
    const row = await createUserRepository(db).findByEmail(dana.email);
    if (!row) throw new Error("no account for Dana");
    const seenAt = async () =>
      Date.parse(
        (
          await db
            .selectFrom("handoff_presence")
            .select("updated_at")
            .where("user_id", "=", row.id)
            .executeTakeFirstOrThrow()
        ).updated_at,
      );
    await suite.operator.submit("/console/handoff", "/console/handoff/presence", {
      status: "online",
    });
    const saidOnline = await seenAt();

    const stream = await suite.operator.get("/console/handoff/events", {
      accept: "text/event-stream",
    });
    expect(stream.status).toBe(200);
    const reader = stream.body?.getReader();
    if (!reader) throw new Error("the event stream has no body");
    expect(new TextDecoder().decode((await reader.read()).value)).toContain("event: ready");

    // The stream's beat carries the operator past the timeout that would have dropped them.
    await vi.waitFor(async () => expect((await seenAt()) - saidOnline).toBeGreaterThan(3_000), {
      timeout: 15_000,
      interval: 200,
    });
    expect((await handoff.presence.online()).map((o) => o.id)).toContain(row.id);
    const staffed = await handoff.availability(openHours);
    expect(staffed.operatorsOnline).toBe(1);
    expect(staffed.expectedAt).toBeNull();

    // The browser closes without signing out.
    await reader.cancel();
    await vi.waitFor(async () => expect(await handoff.presence.of(row.id)).toBe("away"), {
      timeout: 15_000,
      interval: 200,
    });
    expect((await handoff.presence.online()).map((o) => o.id)).not.toContain(row.id);
    const unstaffed = await handoff.availability(openHours);
    expect(unstaffed.operatorsOnline).toBe(0);
    expect(unstaffed.expectedAt?.getTime()).toBeGreaterThan(openHours.getTime());

    // Coming back, the page says so: the operator is away until they say otherwise.
    const page = await suite.operator.page("/console/handoff?lang=ru");
    expect(page.text).toContain('name="status" value="online"');
  });
});

describe("presence by the clock", () => {
  let dir: string;
  let db: Db;
  let operatorId: number;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "qoldau-presence-"));
    db = await openDatabase(path.join(dir, "qoldau.sqlite"));
    await migrateToLatest(db);
    operatorId = (await createUserRepository(db).create(dana)).id;
  });
  afterAll(async () => {
    await db?.destroy();
    await rm(dir, { recursive: true, force: true });
  });

  it("online lasts the timeout after the last beat; a lapsed operator is not revived by a late beat", async () => {
    let clock = new Date("2026-12-01T05:00:00Z");
    const later = (seconds: number) => {
      clock = new Date(clock.getTime() + seconds * 1000);
    };
    const presence = createPresence(db, { timeoutMs: 60_000, now: () => clock });
    const online = async () => (await presence.online()).map((o) => o.id);

    await presence.set(operatorId, "online");
    later(59);
    expect(await online()).toEqual([operatorId]);
    await presence.seen(operatorId);
    later(59);
    expect(await presence.of(operatorId)).toBe("online");
    later(2);
    expect(await presence.of(operatorId)).toBe("away");
    expect(await online()).toEqual([]);

    await presence.seen(operatorId);
    expect(await presence.of(operatorId)).toBe("away");

    await presence.set(operatorId, "online");
    expect(await online()).toEqual([operatorId]);
    await presence.set(operatorId, "away");
    await presence.seen(operatorId);
    expect(await online()).toEqual([]);
  });
});
