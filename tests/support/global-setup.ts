import type { TestProject } from "vitest/node";
import { startTestRedis } from "./redis-server.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** A real redis-server shared by the suite; isolate with a unique key prefix per test. */
    redisUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const redis = await startTestRedis();
  project.provide("redisUrl", redis.url);
  return async () => {
    await redis.stop();
  };
}
