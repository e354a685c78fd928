import { Signer } from "@fastify/cookie";

interface UnsignResult {
  valid: boolean;
  renew: boolean;
  value: string | null;
}

/** What signs and checks the session cookie's value (the session id). */
export interface SessionSigner {
  sign(value: string): string;
  unsign(signed: string): UnsignResult;
}

/**
 * The session cookie's signer (HMAC-SHA256, exactly as @fastify/session signed with a plain
 * secret, so cookies it issued stay valid), with its checks remembered. Every signed-in request
 * checks the cookie's signature, and an operator sends the same cookie all shift, so it is worked
 * out once per session. Only valid signatures are remembered: a forged or stale cookie is checked
 * in full every time and cannot push real sessions out. Up to `size` sessions, oldest out first.
 * Signing happens once per sign-in, with a new id, so it is not remembered.
 */
export function createSessionSigner(secret: string, size = 10_000): SessionSigner {
  const signer = new Signer(secret, "sha256");
  const checked = new Map<string, UnsignResult>();
  return {
    sign: (value) => signer.sign(value),
    unsign(input) {
      const known = checked.get(input);
      if (known) return known;
      const result = signer.unsign(input);
      if (result.valid && result.value !== null) {
        if (checked.size >= size) checked.delete(checked.keys().next().value as string);
        checked.set(input, result);
      }
      return result;
    },
  };
}
