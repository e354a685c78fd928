import { randomBytes } from "node:crypto";

/**
 * Application IDs: 11 random Crockford base-32 characters (55 bits, not sequential, not
 * guessable) plus one Luhn mod 32 check character, printed as three groups of four:
 * `7K3M-9XPA-2RQD`. The check character catches every single mistyped character and most
 * swapped neighbours before a lookup is even queued. Input is forgiving: case, spaces, dashes
 * and the look-alikes O→0, I/L→1 are normalised (Crockford's rules).
 */
export const APPLICATION_ID_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const RANDOM_LENGTH = 11;
const BASE = APPLICATION_ID_ALPHABET.length;

function checkCharacter(payload: string): string {
  let factor = 2;
  let sum = 0;
  for (let i = payload.length - 1; i >= 0; i--) {
    let addend = factor * APPLICATION_ID_ALPHABET.indexOf(payload[i] as string);
    factor = factor === 2 ? 1 : 2;
    addend = Math.floor(addend / BASE) + (addend % BASE);
    sum += addend;
  }
  return APPLICATION_ID_ALPHABET[(BASE - (sum % BASE)) % BASE] as string;
}

function format(compact: string): string {
  return `${compact.slice(0, 4)}-${compact.slice(4, 8)}-${compact.slice(8, 12)}`;
}

/** A new random ID in its printed form. */
export function generateApplicationId(): string {
  const bytes = randomBytes(RANDOM_LENGTH);
  let payload = "";
  for (const byte of bytes) payload += APPLICATION_ID_ALPHABET[byte % BASE];
  return format(payload + checkCharacter(payload));
}

/** Upper case, separators removed, Crockford look-alikes mapped; no validation. */
export function normaliseApplicationId(input: string): string {
  return input
    .toUpperCase()
    .replace(/[\s\-–—_.]/g, "")
    .replace(/O/g, "0")
    .replace(/[IL]/g, "1");
}

export type ApplicationIdCheck =
  | { ok: true; id: string }
  | { ok: false; reason: "length" | "characters" | "checksum" };

/** Validates what a person typed; a valid ID comes back in its printed form. */
export function parseApplicationId(input: string): ApplicationIdCheck {
  const compact = normaliseApplicationId(input);
  if (compact.length !== RANDOM_LENGTH + 1) return { ok: false, reason: "length" };
  for (const char of compact) {
    if (!APPLICATION_ID_ALPHABET.includes(char)) return { ok: false, reason: "characters" };
  }
  if (checkCharacter(compact.slice(0, -1)) !== compact.slice(-1))
    return { ok: false, reason: "checksum" };
  return { ok: true, id: format(compact) };
}

export function isApplicationId(input: string): boolean {
  return parseApplicationId(input).ok;
}
