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
 * secret, so cookies it issued stay valid), with its results remembered. Every signed-in request
 * checks the cookie's signature, and an operator sends the same cookie all shift, so it is worked
 * out once per session. Only valid signatures are remembered: a forged or stale cookie is checked
 * in full every time and cannot push real sessions out. Up to `size` sessions, oldest out first.
 */
export function createSessionSigner(secret: string, size = 10_000): SessionSigner {
  const signer = new Signer(secret, "sha256");
  const unsigned = new Map<string, UnsignResult>();
  const signed = new Map<string, string>();
  const remember = <V>(map: Map<string, V>, key: string, value: V) => {
    if (map.size >= size) map.delete(map.keys().next().value as string);
    map.set(key, value);
  };
  return {
    sign(value) {
      let result = signed.get(value);
      if (result === undefined) {
        result = signer.sign(value);
        remember(signed, value, result);
      }
      return result;
    },
    unsign(input) {
      const known = unsigned.get(input);
      if (known) return known;
      const result = signer.unsign(input);
      if (result.valid && result.value !== null) {
        remember(unsigned, input, result);
        // Signed with the current key, the cookie is what signing its id gives.
        if (!result.renew) remember(signed, result.value, input);
      }
      return result;
    },
  };
}
