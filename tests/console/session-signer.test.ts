import { Signer } from "@fastify/cookie";
import { describe, expect, it } from "vitest";
import { createSessionSigner } from "../../src/console/session-signer.ts";

const secret = "test-session-secret-0123456789abcdef";

describe("the console's session cookie signer", () => {
  it("signs exactly as @fastify/session's own signer, so operators stay signed in across the upgrade", () => {
    const plain = new Signer(secret, "sha256");
    const signer = createSessionSigner(secret);
    const cookie = plain.sign("session-id-1");
    expect(signer.sign("session-id-1")).toBe(cookie);
    expect(signer.unsign(cookie)).toEqual({ valid: true, renew: false, value: "session-id-1" });
    // Asked again (now from memory), the answers are the same.
    expect(signer.unsign(cookie)).toEqual({ valid: true, renew: false, value: "session-id-1" });
    expect(signer.sign("session-id-1")).toBe(cookie);
  });

  it("refuses a forged or altered cookie, even for a session it has already seen", () => {
    const signer = createSessionSigner(secret);
    const cookie = signer.sign("session-id-2");
    expect(signer.unsign(cookie).valid).toBe(true);
    const forged = new Signer("another-secret-0123456789abcdefghij", "sha256").sign("session-id-2");
    expect(signer.unsign(forged)).toEqual({ valid: false, renew: false, value: null });
    expect(signer.unsign(`${cookie.slice(0, -1)}${cookie.endsWith("A") ? "B" : "A"}`).valid).toBe(
      false,
    );
    expect(signer.unsign("session-id-3.").valid).toBe(false);
  });

  it("keeps checking correctly once more sessions than it remembers have passed", () => {
    const signer = createSessionSigner(secret, 3);
    const plain = new Signer(secret, "sha256");
    const cookies = Array.from({ length: 10 }, (_, i) => plain.sign(`id-${i}`));
    for (const cookie of cookies) expect(signer.unsign(cookie).valid).toBe(true);
    for (const [i, cookie] of cookies.entries()) {
      expect(signer.unsign(cookie).value).toBe(`id-${i}`);
      expect(signer.sign(`id-${i}`)).toBe(cookie);
    }
  });
});
