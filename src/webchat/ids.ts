import { createHash, randomBytes } from "node:crypto";
import { WEB_CHAT_ID_BASE } from "../telegram/chat-channel.ts";

export { isWebChatId, WEB_CHAT_ID_BASE } from "../telegram/chat-channel.ts";

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
