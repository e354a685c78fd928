import { createHash, randomBytes } from "node:crypto";
import type { Redis } from "../infra/redis.ts";
import type { UserRepository } from "./repository.ts";

/** How long a first-run setup link works. */
export const SETUP_LINK_TTL_SECONDS = 3600;

const keyOf = (prefix: string, token: string) =>
  `${prefix}setup:${createHash("sha256").update(token).digest("hex")}`;

export async function hasAdministrator(users: UserRepository): Promise<boolean> {
  return (await users.list()).some((user) => user.role === "admin" && !user.disabled);
}

/**
 * The first-run way in: when no administrator exists, a random token (only its hash is kept in
 * Redis, for an hour) whose one use creates the first administrator. Undefined when one exists.
 */
export async function issueSetupToken(
  redis: Redis,
  users: UserRepository,
  prefix = "qoldau:",
): Promise<string | undefined> {
  if (await hasAdministrator(users)) return undefined;
  const token = randomBytes(24).toString("base64url");
  await redis.set(keyOf(prefix, token), "1", "EX", SETUP_LINK_TTL_SECONDS);
  return token;
}

export function isSetupTokenShape(token: string): boolean {
  return /^[A-Za-z0-9_-]{32}$/.test(token);
}

export async function isSetupTokenValid(redis: Redis, token: string, prefix = "qoldau:") {
  return isSetupTokenShape(token) && (await redis.exists(keyOf(prefix, token))) === 1;
}

/** Uses the token up: true for exactly one caller, however many race. */
export async function consumeSetupToken(redis: Redis, token: string, prefix = "qoldau:") {
  return isSetupTokenShape(token) && (await redis.del(keyOf(prefix, token))) === 1;
}
