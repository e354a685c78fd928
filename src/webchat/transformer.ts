import { randomBytes } from "node:crypto";
import type { Transformer } from "grammy";
import { InputFile } from "grammy";
import type { Message, UserFromGetMe } from "grammy/types";
import type { Logger } from "../logger.ts";
import { isWebChatId } from "./ids.ts";
import type { WebChatStore, WebMessage } from "./store.ts";
import {
  inlineButtonsOf,
  renderCaption,
  renderTelegramText,
  replyKeyboardOf,
  TelegramRuleError,
  type WebButton,
} from "./telegram-html.ts";

type Payload = Record<string, unknown>;
type ApiAnswer =
  | { ok: true; result: unknown }
  | { ok: false; error_code: number; description: string };

/** Callback query ids of web chats carry their chat, since `answerCallbackQuery` names none. */
export function webCallbackQueryId(chat: number): string {
  return `web:${chat}:${randomBytes(6).toString("base64url")}`;
}

function chatOfCallbackQuery(id: unknown): number | undefined {
  if (typeof id !== "string" || !id.startsWith("web:")) return undefined;
  const chat = Number(id.split(":")[1]);
  return isWebChatId(chat) ? chat : undefined;
}

function webChatOf(method: string, payload: Payload): number | undefined {
  if (method === "answerCallbackQuery") return chatOfCallbackQuery(payload.callback_query_id);
  const chat = typeof payload.chat_id === "string" ? Number(payload.chat_id) : payload.chat_id;
  return isWebChatId(chat) ? chat : undefined;
}

/** A web bubble as a Telegram `Message`, for the bot's own code (return values, button presses). */
export function asTelegramMessage(chat: number, message: WebMessage, me: UserFromGetMe): Message {
  const person = { id: chat, is_bot: false, first_name: "Web" };
  const base = {
    message_id: message.id,
    date: Math.floor(message.at / 1000),
    chat: { id: chat, type: "private" as const, first_name: "Web" },
    from: message.from === "bot" ? me : person,
    ...(message.edited ? { edit_date: Math.floor(message.at / 1000) } : {}),
    ...(message.buttons ? { reply_markup: { inline_keyboard: markupOf(message.buttons) } } : {}),
  };
  if (message.document)
    return {
      ...base,
      document: {
        file_id: message.document.fileId,
        file_unique_id: message.document.fileId,
        file_name: message.document.name,
      },
      ...(message.document.caption ? { caption: message.plain } : {}),
    } as Message;
  return { ...base, text: message.plain } as Message;
}

function markupOf(buttons: WebButton[][]) {
  return buttons.map((row) =>
    row.map((b) =>
      b.data !== undefined
        ? { text: b.text, callback_data: b.data }
        : { text: b.text, url: b.url ?? "" },
    ),
  );
}

async function bytesOf(file: unknown): Promise<Buffer> {
  if (!(file instanceof InputFile))
    throw new TelegramRuleError("Bad Request: wrong file identifier");
  const raw = await file.toRaw();
  if (raw instanceof Uint8Array) return Buffer.from(raw);
  const parts: Uint8Array[] = [];
  for await (const part of raw as AsyncIterable<Uint8Array>) parts.push(part);
  return Buffer.concat(parts);
}

export interface WebChatTransformerOptions {
  store: WebChatStore;
  logger: Logger;
  /** The bot as the messages' sender. */
  me(): UserFromGetMe;
  /** No Telegram token: every call that is not for a web chat is answered here, never sent. */
  webOnly: boolean;
  now?: () => number;
}

/**
 * A grammY API transformer that delivers the bot's calls for web chats to the web chat store
 * instead of Telegram, with Telegram's rules and answers (same limits, same errors, same
 * `Message` objects), so the features cannot tell the channels apart. Calls for Telegram chats
 * pass on unchanged.
 */
export function webChatTransformer(options: WebChatTransformerOptions): Transformer {
  const { store } = options;
  const now = options.now ?? Date.now;

  const sendBubble = async (
    chat: number,
    payload: Payload,
    body: Omit<WebMessage, "id" | "at" | "from">,
  ) => {
    const keyboard = replyKeyboardOf(payload.reply_markup);
    const message: WebMessage = { id: await store.nextId(chat), from: "bot", at: now(), ...body };
    await store.put(chat, message);
    if (keyboard !== undefined) await store.setKeyboard(chat, keyboard);
    return asTelegramMessage(chat, message, options.me());
  };

  const handlers: Record<string, (chat: number, payload: Payload) => Promise<unknown>> = {
    async sendMessage(chat, payload) {
      const { html, plain } = renderTelegramText(payload.text, payload.parse_mode);
      const buttons = inlineButtonsOf(payload.reply_markup);
      return sendBubble(chat, payload, { html, plain, ...(buttons ? { buttons } : {}) });
    },
    async sendDocument(chat, payload) {
      const caption = renderCaption(payload.caption, payload.parse_mode);
      const buttons = inlineButtonsOf(payload.reply_markup);
      const bytes = await bytesOf(payload.document);
      const fileId = randomBytes(12).toString("base64url");
      const name =
        (payload.document as InputFile).filename?.replace(/[^\p{L}\p{N}._ -]/gu, "_") ??
        "document.pdf";
      await store.putFile(chat, fileId, bytes);
      return sendBubble(chat, payload, {
        html: caption?.html ?? "",
        plain: caption?.plain ?? "",
        document: { fileId, name, ...(caption ? { caption: caption.html } : {}) },
        ...(buttons ? { buttons } : {}),
      });
    },
    async editMessageText(chat, payload) {
      const old = await store.get(chat, Number(payload.message_id));
      if (old?.from !== "bot" || old.document)
        throw new TelegramRuleError("Bad Request: message to edit not found");
      const { html, plain } = renderTelegramText(payload.text, payload.parse_mode);
      const buttons = inlineButtonsOf(payload.reply_markup);
      if (html === old.html && JSON.stringify(buttons) === JSON.stringify(old.buttons))
        throw new TelegramRuleError(
          "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message",
        );
      const { buttons: _old, ...rest } = old;
      const message: WebMessage = {
        ...rest,
        html,
        plain,
        at: now(),
        edited: true,
        ...(buttons ? { buttons } : {}),
      };
      await store.put(chat, message);
      return asTelegramMessage(chat, message, options.me());
    },
    async editMessageReplyMarkup(chat, payload) {
      const old = await store.get(chat, Number(payload.message_id));
      if (old?.from !== "bot")
        throw new TelegramRuleError("Bad Request: message to edit not found");
      const buttons = inlineButtonsOf(payload.reply_markup);
      if (JSON.stringify(buttons) === JSON.stringify(old.buttons))
        throw new TelegramRuleError("Bad Request: message is not modified");
      const { buttons: _old, ...rest } = old;
      const message: WebMessage = { ...rest, edited: true, ...(buttons ? { buttons } : {}) };
      await store.put(chat, message);
      return asTelegramMessage(chat, message, options.me());
    },
    async deleteMessage(chat, payload) {
      if (!(await store.remove(chat, Number(payload.message_id))))
        throw new TelegramRuleError("Bad Request: message to delete not found");
      return true;
    },
    async answerCallbackQuery(chat, payload) {
      if (typeof payload.text === "string" && payload.text !== "")
        await store.notify(chat, {
          type: "notice",
          text: payload.text.slice(0, 200),
          alert: payload.show_alert === true,
        });
      return true;
    },
    async sendChatAction(chat) {
      await store.notify(chat, { type: "typing" });
      return true;
    },
    // Cosmetic in Telegram, nothing to show here.
    async setMessageReaction() {
      return true;
    },
    async pinChatMessage() {
      return true;
    },
    async unpinChatMessage() {
      return true;
    },
  };

  return async (previous, method, payload, signal) => {
    const fields = (payload ?? {}) as Payload;
    const chat = webChatOf(method, fields);
    if (chat === undefined) {
      if (!options.webOnly) return previous(method, payload, signal);
      return {
        ok: false,
        error_code: 503,
        description: "Service Unavailable: no BOT_TOKEN, only web chats are served",
      } as never;
    }
    const handler = handlers[method];
    let answer: ApiAnswer;
    if (!handler) {
      options.logger.warn({ method }, "web chat: Bot API method not supported");
      answer = {
        ok: false,
        error_code: 400,
        description: `Bad Request: method ${method} is not available in the web chat`,
      };
    } else {
      try {
        answer = { ok: true, result: await handler(chat, fields) };
      } catch (error) {
        if (!(error instanceof TelegramRuleError)) throw error;
        answer = { ok: false, error_code: 400, description: error.description };
      }
    }
    return answer as never;
  };
}
