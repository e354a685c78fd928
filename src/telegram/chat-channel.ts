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

/** The channel a chat belongs to, for the records that keep it (handoff, question log). */
export function channelOfChat(id: number | undefined): "telegram" | "webchat" {
  return isWebChatId(id) ? "webchat" : "telegram";
}
