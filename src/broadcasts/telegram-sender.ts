import { type Api, GrammyError, HttpError } from "grammy";
import type { InlineKeyboardMarkup } from "grammy/types";

/** What a send attempt came to, as the send worker needs to decide. */
export type SendOutcome =
  | { kind: "sent"; messageId: number }
  /** Telegram's flood control: wait this long for the whole queue. */
  | { kind: "rate_limited"; retryAfterMs: number }
  /** The parent blocked the bot or deleted the account. */
  | { kind: "blocked"; description: string }
  /** Retry later with backoff: 5xx, timeouts, connection errors. */
  | { kind: "transient"; description: string }
  /** Retrying will not help (chat not found, bad request). */
  | { kind: "rejected"; description: string };

export interface OutgoingMessage {
  chatId: number;
  text: string;
  replyMarkup?: InlineKeyboardMarkup;
}

export interface TelegramSender {
  send(message: OutgoingMessage): Promise<SendOutcome>;
}

/**
 * Sends through a grammY `Api`, so tests point it at the loopback Bot API server
 * (`new Api(token, { apiRoot })`). Errors become outcomes; nothing here retries.
 */
export function createTelegramSender(api: Api): TelegramSender {
  return {
    async send({ chatId, text, replyMarkup }) {
      try {
        const message = await api.sendMessage(chatId, text, {
          ...(replyMarkup ? { reply_markup: replyMarkup } : {}),
          link_preview_options: { is_disabled: true },
        });
        return { kind: "sent", messageId: message.message_id };
      } catch (error) {
        return classify(error);
      }
    },
  };
}

export function classify(error: unknown): SendOutcome {
  if (error instanceof GrammyError) {
    if (error.error_code === 429)
      return {
        kind: "rate_limited",
        retryAfterMs: Math.max(1, error.parameters.retry_after ?? 1) * 1000,
      };
    if (error.error_code === 403) return { kind: "blocked", description: error.description };
    if (error.error_code >= 500) return { kind: "transient", description: error.description };
    return { kind: "rejected", description: error.description };
  }
  if (error instanceof HttpError)
    return { kind: "transient", description: `network: ${error.message}` };
  return { kind: "transient", description: error instanceof Error ? error.message : String(error) };
}
