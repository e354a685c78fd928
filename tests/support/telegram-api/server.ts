import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import type { BotCommand, Message, Update, User, UserFromGetMe } from "grammy/types";
import { parseBody, readBody, type UploadedFile } from "./body.ts";
import { type FaultAction, Faults, mulberry32 } from "./faults.ts";
import { EntityParseError, parseFormatted } from "./formatting.ts";
import { FloodLimiter, type LimitOptions, RateMeter } from "./limits.ts";
import { UpdateQueue } from "./updates.ts";
import { CallLog, type ChatRecord, SimulatedUser, type UserOptions } from "./user.ts";
import { WebhookDelivery, type WebhookOptions, type WebhookStats } from "./webhook.ts";

export interface TelegramApiServerOptions {
  /** Default "123456789:TEST_token_for_loopback_api". The bot id is the part before ":". */
  token?: string;
  bot?: { firstName?: string; username?: string };
  /** Telegram's flood limits (default 30/s overall, 1/s per chat, burst 1); false turns them off. */
  limits?: LimitOptions | false;
  /** Sending to a chat no simulated user opened: "reject" (400 chat not found, default) or "create". */
  unknownChats?: "reject" | "create";
  /** Capacity of the in-memory call log ring buffer (default 100,000); false keeps only counters. */
  callLog?: number | false;
  /** Bot messages kept per chat (default 1,000); older ones are forgotten. */
  historyPerChat?: number;
  /** Seed for probabilistic faults. */
  seed?: number;
  /** Largest accepted request body (default 50 MB, Telegram's upload limit). */
  maxBodyBytes?: number;
  /** Webhook delivery: connections at once and the answer timeout (see `webhook.ts`). */
  webhook?: WebhookOptions;
  /**
   * The milliseconds the flood limits and the rate meters count in (default `performance.now`):
   * a test of the limits themselves holds it still, so a slow machine cannot spread its sends.
   */
  clock?: () => number;
}

/** Thrown by method handlers; becomes `{ ok: false, error_code, description, parameters }`. */
export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly description: string,
    readonly parameters?: Record<string, unknown>,
  ) {
    super(description);
  }
}

export interface StoredFile {
  fileId: string;
  fileUniqueId: string;
  fileName: string;
  mimeType: string;
  content: Buffer;
  filePath: string;
}

export interface ServerStats {
  calls: number;
  byMethod: Record<string, number>;
  messagesSent: number;
  edits: number;
  /** Every 429 answered, and split by cause. */
  tooManyRequests: number;
  tooManyRequestsByLimit: number;
  tooManyRequestsByFault: number;
  forbidden: number;
  serverErrors: number;
  timeouts: number;
  /** Largest number of messages delivered within any one second, overall and to one chat. */
  maxGlobalRate: number;
  maxPerChatRate: number;
  maxPerChatRateChatId: number | undefined;
  updates: { created: number; confirmed: number; pending: number; dropped: number };
}

type Params = Record<string, unknown>;
type Handler = (p: Params, files: Map<string, UploadedFile>) => unknown;

const defaultToken = "123456789:TEST_token_for_loopback_api";

export class TelegramApiServer {
  readonly token: string;
  readonly botInfo: UserFromGetMe;
  readonly faults: Faults;
  readonly calls: CallLog;
  apiRoot = "";
  port = 0;

  private readonly http: Server;
  private readonly limiter: FloodLimiter | null;
  private readonly queue = new UpdateQueue();
  private readonly chats = new Map<number, ChatRecord>();
  private readonly users = new Map<number, SimulatedUser>();
  private readonly files = new Map<string, StoredFile>();
  private readonly filesByPath = new Map<string, StoredFile>();
  private readonly commands = new Map<string, BotCommand[]>();
  private readonly callbackQueries = new Map<string, { chatId: number; answered: boolean }>();
  private readonly handlers = new Map<string, Handler>();
  private readonly hanging = new Set<ServerResponse>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly globalMeter = new RateMeter();
  private readonly botMessageListeners = new Set<
    (chatId: number, message: Message, kind: "message" | "edit") => void
  >();
  private poll: { res: ServerResponse; limit: number; timer: NodeJS.Timeout } | null = null;
  private flushScheduled = false;
  private webhook: WebhookDelivery | null = null;
  private readonly webhookOptions: Required<WebhookOptions>;
  private nextFileId = 1;
  private nextCallbackId = 1;
  private counters = {
    messagesSent: 0,
    edits: 0,
    limit429: 0,
    fault429: 0,
    forbidden: 0,
    serverErrors: 0,
    timeouts: 0,
  };
  private readonly unknownChats: "reject" | "create";
  private readonly historyPerChat: number;
  private readonly maxBodyBytes: number;
  private readonly clock: () => number;

  constructor(options: TelegramApiServerOptions = {}) {
    this.token = options.token ?? defaultToken;
    this.botInfo = {
      id: Number(this.token.split(":")[0]),
      is_bot: true,
      first_name: options.bot?.firstName ?? "Qoldau Test Bot",
      username: options.bot?.username ?? "qoldau_test_bot",
      can_join_groups: true,
      can_read_all_group_messages: false,
      supports_inline_queries: false,
      can_connect_to_business: false,
      has_main_web_app: false,
    } as UserFromGetMe;
    this.limiter = options.limits === false ? null : new FloodLimiter(options.limits ?? {});
    this.unknownChats = options.unknownChats ?? "reject";
    this.historyPerChat = options.historyPerChat ?? 1000;
    this.maxBodyBytes = options.maxBodyBytes ?? 50 * 1024 * 1024;
    this.clock = options.clock ?? (() => performance.now());
    this.webhookOptions = {
      maxConnections: options.webhook?.maxConnections ?? 1,
      timeoutMs: options.webhook?.timeoutMs ?? 60_000,
    };
    this.faults = new Faults(options.seed === undefined ? Math.random : mulberry32(options.seed));
    this.calls = new CallLog(options.callLog === false ? 0 : (options.callLog ?? 100_000));
    this.http = createServer({ keepAliveTimeout: 60_000 }, (req, res) => {
      this.handleRequest(req, res).catch((error: unknown) => {
        if (!res.headersSent)
          respond(res, 500, { ok: false, error_code: 500, description: String(error) });
      });
    });
    this.registerMethods();
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.http.once("error", reject);
      this.http.listen(0, "127.0.0.1", () => resolve());
    });
    this.port = (this.http.address() as AddressInfo).port;
    this.apiRoot = `http://127.0.0.1:${this.port}`;
  }

  async close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    if (this.poll) clearTimeout(this.poll.timer);
    this.poll = null;
    this.setHook(null);
    for (const user of this.users.values()) user.cancelWaits();
    for (const res of this.hanging) res.destroy();
    this.hanging.clear();
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  /** A simulated Telegram user in a private chat with the bot (the same handle for the same id). */
  user(options: UserOptions): SimulatedUser {
    const existing = this.users.get(options.id);
    if (existing) return existing;
    const user = new SimulatedUser(options, this.chatRecord(options.id, options), {
      enqueue: (body) => this.enqueue(body),
      newCallbackId: (chatId) => {
        const id = String(this.nextCallbackId++);
        this.callbackQueries.set(id, { chatId, answered: false });
        return id;
      },
      bot: this.botInfo,
      storeFile: (fileName, mimeType, content, kind) =>
        this.saveFile(fileName, mimeType, Buffer.from(content), kind),
    });
    this.users.set(options.id, user);
    return user;
  }

  /** Listens to every message and edit the bot makes (benchmarks measure reply latency here). */
  onBotMessage(
    listener: (chatId: number, message: Message, kind: "message" | "edit") => void,
  ): () => void {
    this.botMessageListeners.add(listener);
    return () => this.botMessageListeners.delete(listener);
  }

  /** Files the bot uploaded, by file_id. */
  file(fileId: string): StoredFile | undefined {
    return this.files.get(fileId);
  }

  /** Largest number of messages the bot delivered to this chat within one second. */
  perChatMaxRate(chatId: number): number {
    return this.chats.get(chatId)?.meter.max ?? 0;
  }

  /** Resolves when the bot has confirmed every update created so far. */
  async waitUntilConfirmed(timeoutMs = 5000): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    while (this.queue.pending > 0) {
      if (performance.now() > deadline)
        throw new Error(`${this.queue.pending} updates still unconfirmed after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  get stats(): ServerStats {
    let maxPerChatRate = 0;
    let maxPerChatRateChatId: number | undefined;
    for (const chat of this.chats.values())
      if (chat.meter.max > maxPerChatRate) {
        maxPerChatRate = chat.meter.max;
        maxPerChatRateChatId = chat.chat.id;
      }
    const c = this.counters;
    return {
      calls: this.calls.total,
      byMethod: this.calls.byMethod(),
      messagesSent: c.messagesSent,
      edits: c.edits,
      tooManyRequests: c.limit429 + c.fault429,
      tooManyRequestsByLimit: c.limit429,
      tooManyRequestsByFault: c.fault429,
      forbidden: c.forbidden,
      serverErrors: c.serverErrors,
      timeouts: c.timeouts,
      maxGlobalRate: this.globalMeter.max,
      maxPerChatRate,
      maxPerChatRateChatId,
      updates: {
        created: this.queue.created,
        confirmed: this.queue.confirmed,
        pending: this.queue.pending,
        dropped: this.queue.dropped,
      },
    };
  }

  // --- HTTP

  private async handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const fileMatch = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
    if (fileMatch)
      return this.serveFile(fileMatch[1] ?? "", decodeURIComponent(fileMatch[2] ?? ""), res);
    const match = /^\/bot([^/]*)\/([A-Za-z]*)$/.exec(url.pathname);
    if (!match || !/^\d+:[\w-]+$/.test(match[1] ?? ""))
      return respond(res, 404, { ok: false, error_code: 404, description: "Not Found" });
    if (match[1] !== this.token)
      return respond(res, 401, { ok: false, error_code: 401, description: "Unauthorized" });
    const method = (match[2] ?? "").toLowerCase();
    const started = performance.now();
    let parsed: ReturnType<typeof parseBody>;
    try {
      const body = await readBody(req, this.maxBodyBytes);
      parsed = parseBody(req.headers["content-type"] ?? "", body, url.searchParams);
    } catch (error) {
      return respond(res, 400, {
        ok: false,
        error_code: 400,
        description: `Bad Request: ${String(error)}`,
      });
    }
    const chatId = typeof parsed.params.chat_id === "number" ? parsed.params.chat_id : undefined;
    const finish = (status: number, body: unknown) => {
      this.calls.record(method, chatId, started, status);
      respond(res, status, body);
    };
    if (method === "getupdates") return this.getUpdates(parsed.params, res, finish);
    const handler = this.handlers.get(method);
    if (!handler)
      return finish(404, {
        ok: false,
        error_code: 404,
        description: "Not Found: method not found",
      });
    if (!this.faults.applies(method)) return this.run(handler, parsed.params, parsed.files, finish);

    const latency = this.faults.latency();
    if (latency > 0) await this.sleep(latency);
    const fault: FaultAction = this.faults.decide();
    if (fault.kind === "429") {
      this.counters.fault429++;
      return finish(429, tooManyRequests(fault.retryAfter));
    }
    if (fault.kind === "5xx" || fault.kind === "timeout") {
      if (fault.deliver) this.run(handler, parsed.params, parsed.files, () => {});
      if (fault.kind === "5xx") {
        this.counters.serverErrors++;
        return finish(fault.status, {
          ok: false,
          error_code: fault.status,
          description: statusText(fault.status),
        });
      }
      this.counters.timeouts++;
      this.hanging.add(res);
      res.on("close", () => this.hanging.delete(res));
      if (fault.afterMs !== undefined) {
        await this.sleep(fault.afterMs);
        this.hanging.delete(res);
        if (!res.destroyed) finish(502, { ok: false, error_code: 502, description: "Bad Gateway" });
      }
      return;
    }
    this.run(handler, parsed.params, parsed.files, finish);
  }

  private run(
    handler: Handler,
    params: Params,
    files: Map<string, UploadedFile>,
    finish: (s: number, b: unknown) => void,
  ): void {
    try {
      finish(200, { ok: true, result: handler(params, files) });
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      if (error.code === 429) this.counters.limit429++;
      if (error.code === 403) this.counters.forbidden++;
      finish(error.code, {
        ok: false,
        error_code: error.code,
        description: error.description,
        ...(error.parameters ? { parameters: error.parameters } : {}),
      });
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }

  private serveFile(token: string, path: string, res: ServerResponse) {
    const file = token === this.token ? this.filesByPath.get(path) : undefined;
    if (!file) return respond(res, 404, { ok: false, error_code: 404, description: "Not Found" });
    res.writeHead(200, { "content-type": file.mimeType, "content-length": file.content.length });
    res.end(file.content);
  }

  // --- updates

  private enqueue(body: Omit<Update, "update_id">): Update | undefined {
    const update = this.queue.push(body);
    if (!update) return undefined;
    if (this.webhook) this.webhook.pump();
    else if (this.poll && !this.flushScheduled) {
      // Let updates created in the same tick leave in one getUpdates answer.
      this.flushScheduled = true;
      setImmediate(() => {
        this.flushScheduled = false;
        this.flushPoll();
      });
    }
    return update;
  }

  private flushPoll(): void {
    const poll = this.poll;
    if (!poll || this.queue.pending === 0) return;
    this.poll = null;
    clearTimeout(poll.timer);
    poll.res.emit("answer", this.queue.peek(poll.limit));
  }

  private getUpdates(p: Params, res: ServerResponse, finish: (s: number, b: unknown) => void) {
    if (this.webhook)
      return finish(409, {
        ok: false,
        error_code: 409,
        description:
          "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
      });
    this.queue.confirm(p.offset);
    this.queue.setAllowed(p.allowed_updates);
    const previous = this.poll;
    if (previous) {
      this.poll = null;
      clearTimeout(previous.timer);
      previous.res.emit("conflict");
    }
    const limit = Math.min(100, Math.max(1, typeof p.limit === "number" ? p.limit : 100));
    const timeout = typeof p.timeout === "number" ? p.timeout : 0;
    if (this.queue.pending > 0 || timeout <= 0)
      return finish(200, { ok: true, result: this.queue.peek(limit) });
    const timer = setTimeout(() => res.emit("answer", []), timeout * 1000);
    this.poll = { res, limit, timer };
    res.once("answer", (result: Update[]) => {
      if (this.poll?.res === res) this.poll = null;
      clearTimeout(timer);
      if (!res.destroyed) finish(200, { ok: true, result });
    });
    res.once("conflict", () => {
      if (!res.destroyed)
        finish(409, {
          ok: false,
          error_code: 409,
          description:
            "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running",
        });
    });
    res.once("close", () => {
      if (this.poll?.res === res) {
        clearTimeout(timer);
        this.poll = null;
      }
    });
  }

  private setHook(hook: WebhookDelivery | null): void {
    this.webhook?.stop();
    this.webhook = hook;
    hook?.pump();
  }

  /** Webhook deliveries so far (undefined without a webhook). */
  get webhookStats(): WebhookStats | undefined {
    return this.webhook ? { ...this.webhook.stats } : undefined;
  }

  // A webhook answer may itself be a method call (grammY's webhookReply).
  private webhookReply(text: string): void {
    if (!text.startsWith("{")) return;
    try {
      const { method, ...params } = JSON.parse(text) as Params;
      const handler =
        typeof method === "string" ? this.handlers.get(method.toLowerCase()) : undefined;
      if (handler)
        this.run(handler, params, new Map(), (status) =>
          this.calls.record(String(method).toLowerCase(), undefined, performance.now(), status),
        );
    } catch {
      // Not a method call; Telegram ignores such bodies too.
    }
  }

  // --- chats and messages

  private chatRecord(chatId: number, options?: UserOptions): ChatRecord {
    let chat = this.chats.get(chatId);
    if (!chat) {
      const from: User = {
        id: chatId,
        is_bot: false,
        first_name: options?.firstName ?? `User ${chatId}`,
        ...(options?.lastName ? { last_name: options.lastName } : {}),
        ...(options?.username ? { username: options.username } : {}),
        language_code: options?.languageCode ?? "kk",
      };
      chat = {
        chat: {
          id: chatId,
          type: "private",
          first_name: from.first_name,
          ...(from.last_name ? { last_name: from.last_name } : {}),
          ...(from.username ? { username: from.username } : {}),
        },
        from,
        blocked: false,
        nextMessageId: 1,
        messages: new Map(),
        botMessageIds: [],
        events: [],
        seq: 0,
        waiters: new Set(),
        replyKeyboard: null,
        callbackAnswers: [],
        chatActions: [],
        documents: [],
        meter: new RateMeter(),
        historyPerChat: this.historyPerChat,
      };
      this.chats.set(chatId, chat);
    }
    return chat;
  }

  private targetChat(p: Params, send: boolean): ChatRecord {
    const id = p.chat_id;
    if (id === undefined || id === "") throw new ApiError(400, "Bad Request: chat_id is empty");
    if (typeof id !== "number") throw new ApiError(400, "Bad Request: chat not found");
    let chat = this.chats.get(id);
    if (!chat) {
      if (this.unknownChats === "reject") throw new ApiError(400, "Bad Request: chat not found");
      chat = this.chatRecord(id);
    }
    if (send && (chat.blocked || this.faults.isBlocked(id)))
      throw new ApiError(403, "Forbidden: bot was blocked by the user");
    return chat;
  }

  private admit(chat: ChatRecord): void {
    const now = this.clock();
    const wait = this.limiter?.take(chat.chat.id, now) ?? 0;
    if (wait > 0) {
      const retry = Math.max(1, Math.ceil(wait / 1000));
      throw new ApiError(429, `Too Many Requests: retry after ${retry}`, { retry_after: retry });
    }
  }

  private deliver(chat: ChatRecord, fields: Params, p: Params): Message {
    const replyMarkup = checkMarkup(p.reply_markup);
    this.admit(chat);
    const message = {
      message_id: chat.nextMessageId++,
      from: this.botInfo,
      chat: chat.chat,
      date: Math.floor(Date.now() / 1000),
      ...fields,
      ...(replyMarkup && "inline_keyboard" in replyMarkup ? { reply_markup: replyMarkup } : {}),
    } as unknown as Message;
    if (replyMarkup && "keyboard" in replyMarkup) chat.replyKeyboard = replyMarkup;
    if (replyMarkup && "remove_keyboard" in replyMarkup) chat.replyKeyboard = null;
    const now = this.clock();
    chat.meter.record(now);
    this.globalMeter.record(now);
    this.counters.messagesSent++;
    chat.messages.set(message.message_id, message);
    chat.botMessageIds.push(message.message_id);
    if (chat.botMessageIds.length > chat.historyPerChat * 2) {
      for (const old of chat.botMessageIds.splice(0, chat.historyPerChat))
        chat.messages.delete(old);
    }
    this.emit(chat, "message", message);
    return message;
  }

  private emit(chat: ChatRecord, kind: "message" | "edit" | "delete", message: Message): void {
    chat.events.push({ seq: ++chat.seq, kind, message });
    if (chat.events.length > chat.historyPerChat * 2) chat.events.splice(0, chat.historyPerChat);
    for (const waiter of chat.waiters) waiter();
    if (kind !== "delete")
      for (const listener of this.botMessageListeners) listener(chat.chat.id, message, kind);
  }

  private botMessage(chat: ChatRecord, p: Params, action: string): Message {
    if (p.inline_message_id !== undefined)
      throw new ApiError(400, "Bad Request: MESSAGE_ID_INVALID");
    const message = typeof p.message_id === "number" ? chat.messages.get(p.message_id) : undefined;
    if (!message) throw new ApiError(400, `Bad Request: message to ${action} not found`);
    if (message.from?.id !== this.botInfo.id)
      throw new ApiError(
        400,
        `Bad Request: message can't be ${action === "edit" ? "edited" : "deleted"}`,
      );
    return message;
  }

  private edit(chat: ChatRecord, message: Message, changes: Params): Message {
    const edited = { ...message, ...changes, edit_date: Math.floor(Date.now() / 1000) } as Params;
    for (const key of Object.keys(edited)) if (edited[key] === undefined) delete edited[key];
    const same = (k: string) =>
      JSON.stringify((message as unknown as Params)[k]) === JSON.stringify(edited[k]);
    if (same("text") && same("entities") && same("reply_markup") && same("caption"))
      throw new ApiError(
        400,
        "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message",
      );
    const result = edited as unknown as Message;
    chat.messages.set(result.message_id, result);
    this.counters.edits++;
    this.emit(chat, "edit", result);
    return result;
  }

  private storeFile(upload: UploadedFile | undefined, ref: unknown, kind: string): StoredFile {
    if (typeof ref === "string" && !ref.startsWith("attach://")) {
      const known = this.files.get(ref);
      if (known) return known;
      if (/^https?:\/\//.test(ref)) {
        const name = ref.split("/").pop() || "file";
        return this.saveFile(name, "application/octet-stream", Buffer.alloc(0), kind);
      }
      throw new ApiError(400, "Bad Request: wrong file identifier/HTTP URL specified");
    }
    if (!upload) throw new ApiError(400, `Bad Request: there is no ${kind} in the request`);
    if (upload.content.length === 0) throw new ApiError(400, "Bad Request: file must be non-empty");
    return this.saveFile(
      upload.fileName,
      mimeOf(upload.fileName, upload.contentType),
      Buffer.from(upload.content),
      kind,
    );
  }

  private saveFile(fileName: string, mimeType: string, content: Buffer, kind: string): StoredFile {
    const n = this.nextFileId++;
    const file: StoredFile = {
      fileId: `BQACAgIAAx${kind}${n.toString(36).padStart(8, "0")}`,
      fileUniqueId: `AgAD${n.toString(36)}`,
      fileName,
      mimeType,
      content,
      filePath: `${kind}s/file_${n}${fileName.includes(".") ? fileName.slice(fileName.lastIndexOf(".")) : ""}`,
    };
    this.files.set(file.fileId, file);
    this.filesByPath.set(file.filePath, file);
    return file;
  }

  private registerMethods(): void {
    const on = (name: string, handler: Handler) => this.handlers.set(name.toLowerCase(), handler);
    on("getMe", () => this.botInfo);
    on("logOut", () => true);
    on("close", () => true);
    on("deleteWebhook", (p) => {
      this.setHook(null);
      if (p.drop_pending_updates === true) this.queue.dropAll();
      return true;
    });
    on("setWebhook", (p) => {
      if (typeof p.url !== "string")
        throw new ApiError(
          400,
          "Bad Request: bad webhook: An HTTPS URL must be provided for webhook",
        );
      if (p.drop_pending_updates === true) this.queue.dropAll();
      this.queue.setAllowed(p.allowed_updates);
      if (p.url === "") {
        this.setHook(null);
        return true;
      }
      if (this.poll) {
        const poll = this.poll;
        this.poll = null;
        clearTimeout(poll.timer);
        poll.res.emit("conflict");
      }
      const maxConnections =
        typeof p.max_connections === "number"
          ? Math.min(100, Math.max(1, p.max_connections))
          : this.webhookOptions.maxConnections;
      this.setHook(
        new WebhookDelivery(
          p.url,
          typeof p.secret_token === "string" ? p.secret_token : undefined,
          this.queue,
          {
            maxConnections,
            timeoutMs: this.webhookOptions.timeoutMs,
            sleep: (ms) => this.sleep(ms),
            onReply: (text) => this.webhookReply(text),
          },
        ),
      );
      return true;
    });
    on("getWebhookInfo", () => ({
      url: this.webhook?.url ?? "",
      has_custom_certificate: false,
      pending_update_count: this.queue.pending,
    }));
    on("sendMessage", (p) => {
      const chat = this.targetChat(p, true);
      if (typeof p.text !== "string" || p.text.trim() === "")
        throw new ApiError(400, "Bad Request: message text is empty");
      const formatted = format(p.text, p.parse_mode, p.entities);
      if (formatted.text.trim() === "")
        throw new ApiError(400, "Bad Request: message text is empty");
      if (formatted.text.length > 4096) throw new ApiError(400, "Bad Request: message is too long");
      return this.deliver(
        chat,
        withEntities({ text: formatted.text }, "entities", formatted.entities),
        p,
      );
    });
    const sendFile =
      (kind: "document" | "photo") => (p: Params, files: Map<string, UploadedFile>) => {
        const chat = this.targetChat(p, true);
        const ref = p[kind];
        const upload =
          typeof ref === "string" && ref.startsWith("attach://")
            ? files.get(ref.slice(9))
            : files.get(kind);
        const file = this.storeFile(upload, ref, kind);
        const caption =
          typeof p.caption === "string"
            ? format(p.caption, p.parse_mode, p.caption_entities)
            : undefined;
        if (caption && caption.text.length > 1024)
          throw new ApiError(400, "Bad Request: message caption is too long");
        const media =
          kind === "document"
            ? {
                document: {
                  file_id: file.fileId,
                  file_unique_id: file.fileUniqueId,
                  file_name: file.fileName,
                  mime_type: file.mimeType,
                  file_size: file.content.length,
                },
              }
            : {
                photo: [
                  {
                    file_id: file.fileId,
                    file_unique_id: file.fileUniqueId,
                    width: 800,
                    height: 600,
                    file_size: file.content.length,
                  },
                ],
              };
        const fields: Params = { ...media };
        if (caption)
          withEntities(
            Object.assign(fields, { caption: caption.text }),
            "caption_entities",
            caption.entities,
          );
        const message = this.deliver(chat, fields, p);
        chat.documents.push({ messageId: message.message_id, ...file });
        return message;
      };
    on("sendDocument", sendFile("document"));
    on("sendPhoto", sendFile("photo"));
    on("editMessageText", (p) => {
      const chat = this.targetChat(p, false);
      const message = this.botMessage(chat, p, "edit");
      if (typeof p.text !== "string" || p.text.trim() === "")
        throw new ApiError(400, "Bad Request: message text is empty");
      if (message.text === undefined)
        throw new ApiError(400, "Bad Request: there is no text in the message to edit");
      const formatted = format(p.text, p.parse_mode, p.entities);
      if (formatted.text.trim() === "")
        throw new ApiError(400, "Bad Request: message text is empty");
      if (formatted.text.length > 4096) throw new ApiError(400, "Bad Request: MESSAGE_TOO_LONG");
      const markup = checkMarkup(p.reply_markup);
      return this.edit(chat, message, {
        text: formatted.text,
        entities: formatted.entities.length > 0 ? formatted.entities : undefined,
        reply_markup: markup && "inline_keyboard" in markup ? markup : undefined,
      });
    });
    on("editMessageCaption", (p) => {
      const chat = this.targetChat(p, false);
      const message = this.botMessage(chat, p, "edit");
      const caption = format(
        typeof p.caption === "string" ? p.caption : "",
        p.parse_mode,
        p.caption_entities,
      );
      if (caption.text.length > 1024)
        throw new ApiError(400, "Bad Request: message caption is too long");
      const markup = checkMarkup(p.reply_markup);
      return this.edit(chat, message, {
        caption: caption.text || undefined,
        caption_entities: caption.entities.length > 0 ? caption.entities : undefined,
        reply_markup: markup && "inline_keyboard" in markup ? markup : undefined,
      });
    });
    on("editMessageReplyMarkup", (p) => {
      const chat = this.targetChat(p, false);
      const message = this.botMessage(chat, p, "edit");
      const markup = checkMarkup(p.reply_markup);
      return this.edit(chat, message, {
        reply_markup:
          markup && "inline_keyboard" in markup && markup.inline_keyboard.length > 0
            ? markup
            : undefined,
      });
    });
    on("deleteMessage", (p) => {
      const chat = this.targetChat(p, false);
      const message = this.botMessage(chat, p, "delete");
      chat.messages.delete(message.message_id);
      this.emit(chat, "delete", message);
      return true;
    });
    on("answerCallbackQuery", (p) => {
      const id = String(p.callback_query_id ?? "");
      const query = this.callbackQueries.get(id);
      if (!query || query.answered)
        throw new ApiError(
          400,
          "Bad Request: query is too old and response timeout expired or query ID is invalid",
        );
      query.answered = true;
      this.callbackQueries.delete(id);
      const chat = this.chats.get(query.chatId);
      chat?.callbackAnswers.push({
        callbackQueryId: id,
        ...(typeof p.text === "string" ? { text: p.text } : {}),
        showAlert: p.show_alert === true,
        ...(typeof p.url === "string" ? { url: p.url } : {}),
      });
      if (chat) for (const waiter of chat.waiters) waiter();
      return true;
    });
    on("sendChatAction", (p) => {
      const chat = this.targetChat(p, true);
      chat.chatActions.push(String(p.action));
      if (chat.chatActions.length > 100) chat.chatActions.shift();
      return true;
    });
    const commandKey = (p: Params) =>
      `${JSON.stringify(p.scope ?? { type: "default" })}|${typeof p.language_code === "string" ? p.language_code : ""}`;
    on("setMyCommands", (p) => {
      if (!Array.isArray(p.commands))
        throw new ApiError(400, "Bad Request: can't parse commands JSON object");
      for (const c of p.commands as BotCommand[])
        if (!/^[a-z0-9_]{1,32}$/.test(String(c.command)) || !c.description)
          throw new ApiError(400, "Bad Request: BOT_COMMAND_INVALID");
      this.commands.set(commandKey(p), p.commands as BotCommand[]);
      return true;
    });
    on("getMyCommands", (p) => this.commands.get(commandKey(p)) ?? []);
    on("deleteMyCommands", (p) => {
      this.commands.delete(commandKey(p));
      return true;
    });
    for (const name of [
      "setMyDescription",
      "setMyShortDescription",
      "setMyName",
      "setChatMenuButton",
    ])
      on(name, () => true);
    on("getFile", (p) => {
      const file = this.files.get(String(p.file_id));
      if (!file) throw new ApiError(400, "Bad Request: invalid file_id");
      return {
        file_id: file.fileId,
        file_unique_id: file.fileUniqueId,
        file_size: file.content.length,
        file_path: file.filePath,
      };
    });
  }
}

function format(text: string, parseMode: unknown, entities: unknown) {
  if (Array.isArray(entities)) return { text, entities: entities as Message["entities"] & object };
  try {
    return parseFormatted(text, parseMode);
  } catch (error) {
    if (error instanceof EntityParseError)
      throw new ApiError(400, `Bad Request: can't parse entities: ${error.message}`);
    throw error;
  }
}

function withEntities(fields: Params, key: string, entities: unknown[]): Params {
  if (entities.length > 0) fields[key] = entities;
  return fields;
}

type Markup =
  | { inline_keyboard: Record<string, unknown>[][] }
  | { keyboard: unknown[][] }
  | { remove_keyboard: true }
  | { force_reply: true };

// Catches the mistakes Telegram rejects: a button without an action, callback data over 64 bytes.
function checkMarkup(markup: unknown): Markup | undefined {
  if (markup === undefined || markup === null) return undefined;
  if (typeof markup !== "object")
    throw new ApiError(400, "Bad Request: can't parse reply keyboard markup JSON object");
  const m = markup as Record<string, unknown>;
  if (Array.isArray(m.inline_keyboard)) {
    for (const row of m.inline_keyboard) {
      if (!Array.isArray(row))
        throw new ApiError(
          400,
          "Bad Request: can't parse inline keyboard button: InlineKeyboardButton must be an Object",
        );
      for (const button of row as Record<string, unknown>[]) {
        if (typeof button.text !== "string" || button.text === "")
          throw new ApiError(
            400,
            "Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard",
          );
        const data = button.callback_data;
        if (
          data !== undefined &&
          (typeof data !== "string" ||
            Buffer.byteLength(data) === 0 ||
            Buffer.byteLength(data) > 64)
        )
          throw new ApiError(400, "Bad Request: BUTTON_DATA_INVALID");
        const actions = [
          "callback_data",
          "url",
          "switch_inline_query",
          "switch_inline_query_current_chat",
          "web_app",
          "login_url",
          "pay",
          "copy_text",
          "callback_game",
          "switch_inline_query_chosen_chat",
        ];
        if (!actions.some((a) => button[a] !== undefined))
          throw new ApiError(
            400,
            "Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard",
          );
      }
    }
    return markup as Markup;
  }
  if (Array.isArray(m.keyboard) || m.remove_keyboard === true || m.force_reply === true)
    return markup as Markup;
  throw new ApiError(400, "Bad Request: can't parse reply keyboard markup JSON object");
}

function mimeOf(fileName: string, declared: string): string {
  if (declared !== "application/octet-stream") return declared;
  const ext = fileName.slice(fileName.lastIndexOf(".") + 1).toLowerCase();
  const known: Record<string, string> = {
    pdf: "application/pdf",
    txt: "text/plain",
    csv: "text/csv",
    jpg: "image/jpeg",
    png: "image/png",
    docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  };
  return known[ext] ?? declared;
}

function tooManyRequests(retryAfter: number) {
  return {
    ok: false,
    error_code: 429,
    description: `Too Many Requests: retry after ${retryAfter}`,
    parameters: { retry_after: retryAfter },
  };
}

function statusText(status: number): string {
  return (
    (
      {
        500: "Internal Server Error",
        502: "Bad Gateway",
        503: "Service Unavailable",
        504: "Gateway Timeout",
      } as Record<number, string>
    )[status] ?? "Internal Server Error"
  );
}

function respond(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent || res.destroyed) return;
  const json = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(json),
  });
  res.end(json);
}

/** Starts the loopback Bot API server on 127.0.0.1 and a free port. */
export async function startTelegramApiServer(
  options: TelegramApiServerOptions = {},
): Promise<TelegramApiServer> {
  const server = new TelegramApiServer(options);
  await server.listen();
  return server;
}
