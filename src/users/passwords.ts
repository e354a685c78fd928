import { hash, verify } from "@node-rs/argon2";

// Argon2id with the library defaults (19 MiB, t=2), OWASP's minimum recommendation.
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** Hash checked against unknown emails so that a login takes as long whether or not the user exists. */
let decoyHash: Promise<string> | undefined;
export function decoyPasswordHash(): Promise<string> {
  decoyHash ??= hash("qoldau-decoy-password");
  return decoyHash;
}
