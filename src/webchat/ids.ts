import { createHash, randomBytes } from "node:crypto";

/**
 * Web chats live in a chat/user id range Telegram never uses: Telegram ids have at most 52
 * significant bits, so every id from 2^52 up to `Number.MAX_SAFE_INTEGER` (2^53 - 1) is ours.
 * The bot keys sessions, rate limits and `sequentialize` by these ids exactly as by Telegram's.
 */
export const WEB_CHAT_ID_BASE = 2 ** 52;

/** True for a chat or user id of a web chat (never a Telegram one). */
export function isWebChatId(id: unknown): id is number {
  return typeof id === "number" && Number.isSafeInteger(id) && id >= WEB_CHAT_ID_BASE;
}

/** A visitor's secret: 32 random bytes, base64url (kept in an HttpOnly cookie). */
export function newWebChatToken(): string {
  return randomBytes(32).toString("base64url");
}

export function isWebChatToken(value: unknown): value is string {
  return typeof value === "string" && /^[A-Za-z0-9_-]{43}$/.test(value);
}

/**
 * The chat id of a token: 52 bits of its SHA-256 above the base. One-way, so a chat id seen in
 * Redis or a log does not give access to the conversation; stable, so no table maps them.
 */
export function webChatIdOf(token: string): number {
  const digest = createHash("sha256").update(token).digest();
  return WEB_CHAT_ID_BASE + Number(digest.readBigUInt64BE(0) >> 12n);
}
