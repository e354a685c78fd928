import { performance } from "node:perf_hooks";
import type { CallbackQuery, Chat, Message, Update, User, UserFromGetMe } from "grammy/types";
import type { RateMeter } from "./limits.ts";

/** How long a wait for the bot gives up after, unless the test says otherwise. */
const waitLimitMs = 15_000;

export interface UserOptions {
  id: number;
  firstName?: string;
  lastName?: string;
  username?: string;
  /** Telegram client language, e.g. "kk" or "ru" (default "kk"). */
  languageCode?: string;
}

export interface CallbackAnswer {
  callbackQueryId: string;
  text?: string;
  showAlert: boolean;
  url?: string;
}

export interface SentDocument {
  messageId: number;
  fileId: string;
  fileName: string;
  mimeType: string;
  content: Buffer;
}

/** One bot-side change in a chat, in order: a new message, an edit or a deletion. */
export interface ChatEvent {
  seq: number;
  kind: "message" | "edit" | "delete";
  message: Message;
}

/** Server-side state of one private chat (internal to the loopback server). */
export interface ChatRecord {
  chat: Chat.PrivateChat;
  from: User;
  blocked: boolean;
  nextMessageId: number;
  messages: Map<number, Message>;
  botMessageIds: number[];
  events: ChatEvent[];
  seq: number;
  waiters: Set<() => void>;
  replyKeyboard: { keyboard: unknown[][] } | null;
  callbackAnswers: CallbackAnswer[];
  chatActions: string[];
  documents: SentDocument[];
  meter: RateMeter;
  historyPerChat: number;
}

interface UserDeps {
  enqueue: (body: Omit<Update, "update_id">) => Update | undefined;
  newCallbackId: (chatId: number) => string;
  bot: UserFromGetMe;
  /** Keeps a file the user sends, served by getFile and the file download like Telegram's. */
  storeFile: (
    fileName: string,
    mimeType: string,
    content: Uint8Array,
    kind: string,
  ) => { fileId: string; fileUniqueId: string };
}

export interface InlineButton {
  text: string;
  callbackData?: string;
  url?: string;
}

export interface ReplyButton {
  text: string;
  requestContact: boolean;
}

/** The inline buttons of a bot message, row by row flattened. */
export function inlineButtons(message: Message | undefined): InlineButton[] {
  const rows = (message?.reply_markup?.inline_keyboard ?? []) as unknown as Record<
    string,
    unknown
  >[][];
  return rows.flat().map((b) => ({
    text: String(b.text),
    ...(typeof b.callback_data === "string" ? { callbackData: b.callback_data } : {}),
    ...(typeof b.url === "string" ? { url: b.url } : {}),
  }));
}

/** A simulated Telegram user talking to the bot in a private chat. */
export class SimulatedUser {
  readonly id: number;
  private cursor = 0;
  private readonly cancels = new Set<() => void>();

  constructor(
    options: UserOptions,
    private readonly chat: ChatRecord,
    private readonly deps: UserDeps,
  ) {
    this.id = options.id;
  }

  get info(): User {
    return this.chat.from;
  }

  get blocked(): boolean {
    return this.chat.blocked;
  }

  /** Sends any message; fields are merged into the Message object (photo, location, ...). */
  send(fields: Partial<Message> & Record<string, unknown>): Message {
    const message = {
      message_id: this.chat.nextMessageId++,
      from: this.chat.from,
      chat: this.chat.chat,
      date: Math.floor(Date.now() / 1000),
      ...fields,
    } as Message;
    this.chat.messages.set(message.message_id, message);
    this.cursor = this.chat.seq;
    this.deps.enqueue({ message } as Omit<Update, "update_id">);
    return message;
  }

  sendText(text: string): Message {
    const command = /^\/[A-Za-z0-9_]+(@\w+)?/.exec(text);
    return this.send({
      text,
      ...(command
        ? { entities: [{ type: "bot_command", offset: 0, length: command[0].length }] }
        : {}),
    });
  }

  /** A voice note (OGG/Opus in Telegram); the bytes are downloadable through getFile. */
  sendVoice(content: Uint8Array, options: { duration: number; mimeType?: string }): Message {
    const mimeType = options.mimeType ?? "audio/ogg";
    const file = this.deps.storeFile("voice.oga", mimeType, content, "voice");
    return this.send({
      voice: {
        file_id: file.fileId,
        file_unique_id: file.fileUniqueId,
        duration: options.duration,
        mime_type: mimeType,
        file_size: content.length,
      },
    });
  }

  /** A photo, with an optional caption; the bytes are downloadable through getFile. */
  sendPhoto(content: Uint8Array, caption?: string): Message {
    const file = this.deps.storeFile("photo.jpg", "image/jpeg", content, "photo");
    return this.send({
      photo: [
        {
          file_id: file.fileId,
          file_unique_id: file.fileUniqueId,
          width: 1280,
          height: 960,
          file_size: content.length,
        },
      ],
      ...(caption ? { caption } : {}),
    });
  }

  /** A file sent as a document, with an optional caption. */
  sendDocument(content: Uint8Array, fileName: string, caption?: string): Message {
    const file = this.deps.storeFile(fileName, "application/pdf", content, "document");
    return this.send({
      document: {
        file_id: file.fileId,
        file_unique_id: file.fileUniqueId,
        file_name: fileName,
        file_size: content.length,
      },
      ...(caption ? { caption } : {}),
    });
  }

  /** "/start" or "/start payload". */
  sendCommand(command: string): Message {
    return this.sendText(command.startsWith("/") ? command : `/${command}`);
  }

  /** A shared contact; `userId` other than the sender's own id tests "own contact only". */
  sendContact(contact: { phone: string; userId?: number | null; firstName?: string }): Message {
    const userId = contact.userId === undefined ? this.id : contact.userId;
    return this.send({
      contact: {
        phone_number: contact.phone,
        first_name: contact.firstName ?? this.chat.from.first_name,
        ...(userId === null ? {} : { user_id: userId }),
      },
    });
  }

  sendSticker(emoji = "👍"): Message {
    return this.send({
      sticker: {
        file_id: `CAACAgIAAxkBAAE${this.chat.nextMessageId}`,
        file_unique_id: `AgADsticker${this.chat.nextMessageId}`,
        type: "regular",
        width: 512,
        height: 512,
        is_animated: false,
        is_video: false,
        emoji,
      },
    });
  }

  /**
   * Presses an inline button (by callback data, or else by its text) of the message as it is
   * now; throws when the message no longer shows such a button.
   */
  pressButton(message: Message, callbackDataOrText: string): CallbackQuery {
    const current = this.chat.messages.get(message.message_id);
    if (!current) throw new Error(`message ${message.message_id} is not in chat ${this.id}`);
    const buttons = inlineButtons(current);
    const button =
      buttons.find((b) => b.callbackData === callbackDataOrText) ??
      buttons.find((b) => b.text === callbackDataOrText && b.callbackData !== undefined);
    if (!button?.callbackData)
      throw new Error(
        `no button "${callbackDataOrText}" on message ${message.message_id}; buttons: ${JSON.stringify(buttons)}`,
      );
    const query = {
      id: this.deps.newCallbackId(this.id),
      from: this.chat.from,
      message: current,
      chat_instance: `ci${this.id}`,
      data: button.callbackData,
    } as CallbackQuery;
    this.cursor = this.chat.seq;
    this.deps.enqueue({ callback_query: query });
    return query;
  }

  /** The user blocks the bot: sends fail with 403 and a my_chat_member "kicked" update is queued. */
  block(): void {
    if (this.chat.blocked) return;
    this.chat.blocked = true;
    this.memberUpdate("member", "kicked");
  }

  unblock(): void {
    if (!this.chat.blocked) return;
    this.chat.blocked = false;
    this.memberUpdate("kicked", "member");
  }

  private memberUpdate(from: "member" | "kicked", to: "member" | "kicked"): void {
    const member = (status: string) =>
      status === "kicked"
        ? { user: this.deps.bot, status, until_date: 0 }
        : { user: this.deps.bot, status };
    this.deps.enqueue({
      my_chat_member: {
        chat: this.chat.chat,
        from: this.chat.from,
        date: Math.floor(Date.now() / 1000),
        old_chat_member: member(from),
        new_chat_member: member(to),
      },
    } as unknown as Omit<Update, "update_id">);
  }

  /** Every message the bot sent to this chat that still exists, with edits applied. */
  messages(): Message[] {
    const result: Message[] = [];
    for (const id of this.chat.botMessageIds) {
      const m = this.chat.messages.get(id);
      if (m) result.push(m);
    }
    return result;
  }

  lastMessage(): Message | undefined {
    const ids = this.chat.botMessageIds;
    for (let i = ids.length - 1; i >= 0; i--) {
      const m = this.chat.messages.get(ids[i] as number);
      if (m) return m;
    }
    return undefined;
  }

  /** The reply keyboard the user currently sees (null once removed). */
  replyKeyboard(): ReplyButton[][] | null {
    const kb = this.chat.replyKeyboard;
    if (!kb) return null;
    return kb.keyboard.map((row) =>
      (row as unknown[]).map((b) =>
        typeof b === "string"
          ? { text: b, requestContact: false }
          : {
              text: String((b as Record<string, unknown>).text),
              requestContact: (b as Record<string, unknown>).request_contact === true,
            },
      ),
    );
  }

  callbackAnswers(): readonly CallbackAnswer[] {
    return this.chat.callbackAnswers;
  }

  chatActions(): readonly string[] {
    return this.chat.chatActions;
  }

  /** Documents and photos the bot uploaded to this chat, with their bytes. */
  documents(): readonly SentDocument[] {
    return this.chat.documents;
  }

  /**
   * Resolves with the next bot message or edit after this user's last action (or the last
   * message a wait returned) that matches; so a reply that came before the wait is not missed.
   * It resolves as soon as the reply comes: the default limit only says when to give up, and is
   * long enough for a loaded machine's first reply (what is fast enough is for `bench/`), yet
   * shorter than vitest's 20 s, so that a missing reply fails with this message.
   */
  waitForMessage(
    predicate?: (message: Message) => boolean,
    timeoutMs = waitLimitMs,
  ): Promise<Message> {
    return new Promise((resolve, reject) => {
      const chat = this.chat;
      const check = (): boolean => {
        const first = chat.events[0]?.seq ?? chat.seq + 1;
        for (let i = Math.max(0, this.cursor + 1 - first); i < chat.events.length; i++) {
          const event = chat.events[i] as ChatEvent;
          if (event.kind === "delete" || (predicate && !predicate(event.message))) continue;
          this.cursor = event.seq;
          finish();
          resolve(event.message);
          return true;
        }
        return false;
      };
      const timer = setTimeout(() => {
        finish();
        reject(
          new Error(
            `no matching bot message for user ${this.id} within ${timeoutMs} ms; last: ${JSON.stringify(this.lastMessage()?.text ?? null)}`,
          ),
        );
      }, timeoutMs);
      const waiter = () => {
        check();
      };
      const cancel = () => {
        finish();
        reject(new Error("server closed"));
      };
      const finish = () => {
        clearTimeout(timer);
        chat.waiters.delete(waiter);
        this.cancels.delete(cancel);
      };
      if (check()) return;
      chat.waiters.add(waiter);
      this.cancels.add(cancel);
    });
  }

  /** Resolves when the bot answered this callback query (the limit as for `waitForMessage`). */
  async waitForCallbackAnswer(queryId: string, timeoutMs = waitLimitMs): Promise<CallbackAnswer> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const answer = this.chat.callbackAnswers.find((a) => a.callbackQueryId === queryId);
      if (answer) return answer;
      if (performance.now() > deadline)
        throw new Error(`callback query ${queryId} not answered within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  cancelWaits(): void {
    for (const cancel of [...this.cancels]) cancel();
  }
}

export interface CallRecord {
  method: string;
  chatId: number | undefined;
  /** performance.now() when the request arrived. */
  at: number;
  durationMs: number;
  /** HTTP status answered (200 or the error_code). */
  status: number;
}

/** Counters per method always; the individual calls in a bounded ring buffer. */
export class CallLog {
  private readonly ring: CallRecord[] = [];
  private next = 0;
  private readonly counts = new Map<string, number>();
  total = 0;

  constructor(private readonly capacity: number) {}

  record(method: string, chatId: number | undefined, at: number, status: number): void {
    this.total++;
    this.counts.set(method, (this.counts.get(method) ?? 0) + 1);
    if (this.capacity === 0) return;
    const entry = { method, chatId, at, durationMs: performance.now() - at, status };
    if (this.ring.length < this.capacity) this.ring.push(entry);
    else this.ring[this.next] = entry;
    this.next = (this.next + 1) % this.capacity;
  }

  /** Calls in arrival-of-answer order, oldest first (at most `capacity`). */
  all(): CallRecord[] {
    return this.ring.length < this.capacity
      ? [...this.ring]
      : [...this.ring.slice(this.next), ...this.ring.slice(0, this.next)];
  }

  /** Method names are lower-cased, as Telegram treats them case-insensitively. */
  count(method?: string): number {
    return method === undefined ? this.total : (this.counts.get(method.toLowerCase()) ?? 0);
  }

  forChat(chatId: number): CallRecord[] {
    return this.all().filter((c) => c.chatId === chatId);
  }

  byMethod(): Record<string, number> {
    return Object.fromEntries(this.counts);
  }

  clear(): void {
    this.ring.length = 0;
    this.next = 0;
    this.counts.clear();
    this.total = 0;
  }
}
