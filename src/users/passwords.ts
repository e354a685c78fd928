/** argon2's native binding loads at the first sign-in or new password, not at start. */
let argon2: Promise<typeof import("@node-rs/argon2")> | undefined;
const library = () => {
  argon2 ??= import("@node-rs/argon2");
  return argon2;
};

// Argon2id with the library defaults (19 MiB, t=2), OWASP's minimum recommendation.
export async function hashPassword(password: string): Promise<string> {
  return (await library()).hash(password);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await (await library()).verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** Hash checked against unknown emails so that a login takes as long whether or not the user exists. */
let decoyHash: Promise<string> | undefined;
export function decoyPasswordHash(): Promise<string> {
  decoyHash ??= hashPassword("qoldau-decoy-password");
  return decoyHash;
}
