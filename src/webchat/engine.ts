import type { Bot } from "grammy";
import type { Update, UserFromGetMe } from "grammy/types";
import type { BotContext } from "../bot/context.ts";
import type { Language } from "../i18n.ts";
import { escapeHtml } from "../infra/html.ts";
import type { Logger } from "../logger.ts";
import { scrubPii } from "../privacy/pii.ts";
import { webChatIdOf } from "./ids.ts";
import type { WebChatStore } from "./store.ts";
import { asTelegramMessage, webCallbackQueryId, webChatTransformer } from "./transformer.ts";

/** What the bot believes it is when no Telegram token gives it a real identity. */
export const webOnlyBotInfo: UserFromGetMe = {
  id: 1,
  is_bot: true,
  first_name: "Qoldau",
  username: "qoldau_web",
  can_join_groups: false,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
} as UserFromGetMe;

/** The longest text a parent may type, as in Telegram. */
export const WEB_TEXT_LIMIT = 4096;

export interface WebChatEngineOptions {
  bot: Bot<BotContext>;
  store: WebChatStore;
  logger: Logger;
  /** True when there is no BOT_TOKEN: calls that are not for web chats never leave the process. */
  webOnly: boolean;
  /**
   * True when what the parent types now is personal data the bot asked for (the application
   * form's fields): such a bubble is kept as `maskedText(lang)`, never as typed.
   */
  isPrivateInput?: (chat: number) => Promise<boolean>;
  maskedText?: (lang: Language) => string;
  now?: () => number;
}

/**
 * The web channel of the one bot: a parent's typed text and button presses become Telegram
 * updates for `bot.handleUpdate`, in a chat id range Telegram never uses (`ids.ts`), and the
 * bot's API calls for those chats come back through `webChatTransformer` as bubbles. Every
 * feature, flow, session and limit of the bot applies unchanged.
 */
export function createWebChatEngine(options: WebChatEngineOptions) {
  const engineOptions = options;
  const { bot, store, logger } = options;
  const now = options.now ?? Date.now;
  bot.api.config.use(
    webChatTransformer({
      store,
      logger,
      webOnly: options.webOnly,
      me: () => bot.botInfo,
      now,
    }),
  );
  let nextUpdateId = Math.floor(Math.random() * 1_000_000_000);
  const inHand = new Set<Promise<void>>();
  const streams = new Set<() => void>();
  let accepting = true;

  const dispatch = (update: Update) => {
    const handling = bot
      .handleUpdate(update)
      .catch((error: Error) =>
        logger.error(
          { err: { name: error.name }, update: update.update_id },
          "web chat update failed",
        ),
      )
      .finally(() => inHand.delete(handling));
    inHand.add(handling);
    return handling;
  };

  const person = (chat: number, lang: Language) => ({
    id: chat,
    is_bot: false as const,
    first_name: "Web",
    language_code: lang,
  });

  const textUpdate = (chat: number, lang: Language, messageId: number, text: string): Update => ({
    update_id: nextUpdateId++,
    message: {
      message_id: messageId,
      date: Math.floor(now() / 1000),
      chat: { id: chat, type: "private", first_name: "Web" },
      from: person(chat, lang),
      text,
      ...(/^\/[a-z_]+/i.test(text)
        ? {
            entities: [
              { type: "bot_command", offset: 0, length: /^\/\S+/.exec(text)?.[0].length ?? 1 },
            ],
          }
        : {}),
    },
  });

  return {
    store,
    chatOf: webChatIdOf,
    get accepting() {
      return accepting;
    },
    /**
     * A parent's text: shown as their bubble (scrubbed of personal data before it is stored),
     * then handed to the bot. Resolves once the bot has answered (the page hears it live).
     */
    async say(token: string, lang: Language, text: string, options: { hidden?: boolean } = {}) {
      const chat = webChatIdOf(token);
      const id = await store.nextId(chat);
      if (!options.hidden) {
        const masked = (await engineOptions.isPrivateInput?.(chat)) ?? false;
        const shown = masked ? (engineOptions.maskedText?.(lang) ?? "•••") : scrubPii(text);
        await store.put(chat, {
          id,
          from: "user",
          html: escapeHtml(shown),
          plain: shown,
          at: now(),
        });
      }
      return dispatch(textUpdate(chat, lang, id, text));
    },
    /**
     * A button press on a bubble the bot sent. As in Telegram, only a button that is on that
     * message now can be pressed; false when it is not.
     */
    async press(token: string, lang: Language, messageId: number, data: string) {
      const chat = webChatIdOf(token);
      const message = await store.get(chat, messageId);
      const pressed = message?.buttons?.some((row) => row.some((button) => button.data === data));
      if (!message || !pressed) return false;
      await dispatch({
        update_id: nextUpdateId++,
        callback_query: {
          id: webCallbackQueryId(chat),
          from: person(chat, lang),
          chat_instance: `web-${chat}`,
          message: asTelegramMessage(chat, message, bot.botInfo),
          data,
        },
      });
      return true;
    },
    /** Remembers a page's live stream, ended by `stop()` (so the HTTP server can close). */
    trackStream(end: () => void): () => void {
      streams.add(end);
      return () => {
        streams.delete(end);
      };
    },
    /**
     * Stops taking messages, ends the live streams (the pages reconnect to the next instance)
     * and waits for the messages in hand (replies stored, sessions written).
     */
    async stop(limitMs = 7000) {
      accepting = false;
      for (const end of [...streams]) end();
      const timeout = new Promise((resolve) => setTimeout(resolve, limitMs).unref());
      await Promise.race([Promise.allSettled([...inHand]), timeout]);
      await store.close();
    },
  };
}

export type WebChatEngine = ReturnType<typeof createWebChatEngine>;
