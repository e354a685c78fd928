import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../support/app.ts";
import { testRedisUrl } from "../support/suite-redis.ts";

const schoolToken = `school-${randomUUID()}`;
const pmpkToken = `pmpk-${randomUUID()}`;
const prefix = `t${randomUUID().slice(0, 8)}`;
let app: Awaited<ReturnType<typeof buildApp>>;

beforeAll(async () => {
  app = await buildApp(testRedisUrl(), {
    DEMO_DATA: "1",
    STATUS_QUEUE_PREFIX: prefix,
    PROVIDER_API_TOKENS: `ast-school-12:${schoolToken},ast-pmpk-1:${pmpkToken}`,
  });
});
afterAll(async () => {
  await app?.close();
  const redis = new Redis(testRedisUrl());
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

const call = (path: string, token?: string, body?: unknown) =>
  fetch(`${app.url}${path}`, {
    method: body ? "POST" : "GET",
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body ? { "content-type": "application/json" } : {}),
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });

describe("provider stage API", () => {
  it("refuses requests without a valid token", async () => {
    expect((await call("/api/provider/v1/applications")).status).toBe(401);
    expect(
      (await call("/api/provider/v1/applications", "wrong-token-wrong-token-wrong")).status,
    ).toBe(401);
  });

  it("lists only the provider's own applications", async () => {
    const response = await call("/api/provider/v1/applications", schoolToken);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { applications: { id: string }[] };
    expect(body.applications.map((row) => row.id)).toEqual(["65H9-THPJ-H6NA"]);
  });

  it("moves a stage with an audit entry, and treats another provider's application as unknown", async () => {
    const moved = await call("/api/provider/v1/applications/65H9-THPJ-H6NA/stage", schoolToken, {
      stage: "result_prepared",
    });
    expect(await moved.json()).toEqual({
      id: "65H9-THPJ-H6NA",
      stage: "result_prepared",
      changed: true,
    });
    const replay = await call("/api/provider/v1/applications/65h9thpjh6na/stage", schoolToken, {
      stage: "result_prepared",
    });
    expect(await replay.json()).toMatchObject({ changed: false });

    const detail = (await (
      await call("/api/provider/v1/applications/65H9-THPJ-H6NA", schoolToken)
    ).json()) as {
      history: { stage: string; actor: string }[];
    };
    expect(detail.history.at(-1)).toMatchObject({
      stage: "result_prepared",
      actor: "provider:ast-school-12",
    });

    const foreign = await call("/api/provider/v1/applications/65H9-THPJ-H6NA/stage", pmpkToken, {
      stage: "issued",
    });
    const unknown = await call("/api/provider/v1/applications/7K3M-9XPA-2RQ0/stage", pmpkToken, {
      stage: "issued",
    });
    expect([foreign.status, unknown.status]).toEqual([404, 404]);
    expect(await foreign.text()).toBe(await unknown.text());
  });

  it("needs a refusal ground from the catalogue to refuse, and validates the body", async () => {
    const noGround = await call("/api/provider/v1/applications/P0BD-WCM3-1QBG/stage", pmpkToken, {
      stage: "refused",
    });
    expect(noGround.status).toBe(400);
    const badStage = await call("/api/provider/v1/applications/P0BD-WCM3-1QBG/stage", pmpkToken, {
      stage: "lost",
    });
    expect(badStage.status).toBe(400);
    const refused = await call("/api/provider/v1/applications/P0BD-WCM3-1QBG/stage", pmpkToken, {
      stage: "refused",
      refusalGround: 0,
    });
    expect(await refused.json()).toMatchObject({ changed: true });
  });
});
