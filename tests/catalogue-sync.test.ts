import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterEach, describe, expect, inject, it } from "vitest";
import type { CatalogueHolder, ReloadCause, ReloadListener } from "../src/catalogue-holder.ts";
import { type CatalogueSync, startCatalogueSync } from "../src/catalogue-sync.ts";
import { createLogger } from "../src/logger.ts";

const redisUrl = inject("redisUrl");
const logger = createLogger({ LOG_LEVEL: "silent", NODE_ENV: "test" });

/**
 * The holder's reload side only (loading the real catalogue twice per instance would test the
 * catalogue, not the relay): counts its reloads and calls its listeners as the real one does.
 */
function holder() {
  const listeners = new Set<ReloadListener>();
  const reloads: ReloadCause[] = [];
  const swap = (cause: ReloadCause) => {
    reloads.push(cause);
    for (const listener of listeners) listener({} as never, cause);
    return {} as never;
  };
  const stub = {
    reload: async () => swap("catalogue"),
    refreshAdmissionWindows: async () => swap("admission-windows"),
    onReload: (listener: ReloadListener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  } as unknown as CatalogueHolder;
  return { stub, reloads };
}

async function until(check: () => boolean) {
  for (let i = 0; i < 400 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
}

describe("catalogue reload across instances", () => {
  const parts: { stop(): Promise<unknown> }[] = [];
  afterEach(async () => {
    for (const part of parts.splice(0).reverse()) await part.stop();
  });

  it("a reload on one instance reloads every other once, and is not echoed back", async () => {
    const channel = `test:${randomUUID()}:catalogue-reload`;
    const publisher = new Redis(redisUrl);
    parts.push({ stop: () => publisher.quit() });
    const instances = [holder(), holder(), holder()];
    const syncs: CatalogueSync[] = [];
    for (const instance of instances) {
      const sync = await startCatalogueSync({
        holder: instance.stub,
        redisUrl,
        publisher,
        channel,
        logger,
      });
      syncs.push(sync);
      parts.push(sync);
    }
    const [first, second, third] = instances;
    await first?.stub.reload();
    await until(() => second?.reloads.length === 1 && third?.reloads.length === 1);
    await second?.stub.refreshAdmissionWindows();
    await until(() => first?.reloads.length === 2 && third?.reloads.length === 2);
    // Settle: an echo would show up as a further reload.
    const marker = holder();
    const late = await startCatalogueSync({
      holder: marker.stub,
      redisUrl,
      publisher,
      channel,
      logger,
    });
    parts.push(late);
    await marker.stub.reload();
    await until(() => first?.reloads.length === 3 && third?.reloads.length === 3);
    expect(first?.reloads).toEqual(["catalogue", "admission-windows", "catalogue"]);
    expect(second?.reloads).toEqual(["catalogue", "admission-windows", "catalogue"]);
    expect(third?.reloads).toEqual(["catalogue", "admission-windows", "catalogue"]);
  });
});
