import { mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { type LocalRedis, startLocalRedis } from "../../src/infra/local-redis.ts";

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

export interface TestRedis {
  url: string;
  port: number;
  /** Stops the server (saving its data) and starts it again on the same port and data folder. */
  restart(downMs?: number): Promise<void>;
  /** Stops the server (saving its data); resolves once it no longer answers. */
  down(): Promise<void>;
  /** Starts it again on the same port and data folder; resolves once it answers. */
  up(): Promise<void>;
  stop(): Promise<void>;
}

/** A real redis-server of its own, for tests that restart or kill Redis. */
export async function startTestRedis(): Promise<TestRedis> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "qoldau-redis-"));
  const port = await freePort();
  let server: LocalRedis = await startLocalRedis({ dataDir, port });
  return {
    url: server.url,
    port,
    async restart(downMs = 0) {
      await server.stop();
      if (downMs > 0) await new Promise((resolve) => setTimeout(resolve, downMs));
      server = await startLocalRedis({ dataDir, port });
    },
    async down() {
      await server.stop();
    },
    async up() {
      server = await startLocalRedis({ dataDir, port });
    },
    async stop() {
      await server.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
