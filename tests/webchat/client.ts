import type { WebChatEvent, WebChatHistory, WebMessage } from "../../src/webchat/store.ts";

/**
 * A web-chat visitor over HTTP, as the page's script behaves: hello (cookie), the live event
 * stream, typing and pressing. What it sees is the conversation folded from the snapshot and
 * the events, edits applied, like the page.
 */
export class WebChatClient {
  cookie = "";
  readonly messages = new Map<number, WebMessage>();
  keyboard: string[][] | null = null;
  readonly notices: string[] = [];
  /** Every bot bubble as it arrived or was edited, in order (what `waitForBot` looks through). */
  readonly botEvents: WebMessage[] = [];
  private mark = 0;
  private waiters: (() => void)[] = [];
  private abort = new AbortController();
  private streaming: Promise<void> | undefined;

  constructor(
    public base: string,
    readonly lang: "kk" | "ru" = "kk",
  ) {}

  private headers(json = true): Record<string, string> {
    return {
      ...(json ? { "content-type": "application/json" } : {}),
      ...(this.cookie ? { cookie: this.cookie } : {}),
    };
  }

  async post(path: string, body: unknown) {
    const response = await fetch(`${this.base}/chat/api/${path}?lang=${this.lang}`, {
      method: "POST",
      headers: this.headers(),
      body: JSON.stringify(body),
    });
    const set = response.headers.get("set-cookie");
    if (set) this.cookie = set.split(";")[0] ?? "";
    return response;
  }

  private apply(type: string, data: unknown) {
    if (type === "snapshot") {
      const history = data as WebChatHistory;
      this.messages.clear();
      for (const message of history.messages) this.messages.set(message.id, message);
      this.keyboard = history.keyboard;
    } else {
      const event = data as WebChatEvent;
      if (event.type === "message") {
        this.messages.set(event.message.id, event.message);
        if (event.message.from === "bot") this.botEvents.push(event.message);
      } else if (event.type === "delete") this.messages.delete(event.id);
      else if (event.type === "keyboard") this.keyboard = event.keyboard;
      else if (event.type === "notice") this.notices.push(event.text);
    }
    for (const wake of this.waiters.splice(0)) wake();
  }

  async hello(): Promise<WebMessage[]> {
    const response = await this.post("hello", {});
    if (!response.ok) throw new Error(`hello: ${response.status}`);
    this.apply("snapshot", await response.json());
    return this.list();
  }

  /** Opens the live stream (resolves once the snapshot arrived). */
  async follow(): Promise<void> {
    this.abort = new AbortController();
    const response = await fetch(`${this.base}/chat/api/events`, {
      headers: this.headers(false),
      signal: this.abort.signal,
    });
    if (!response.ok || !response.body) throw new Error(`events: ${response.status}`);
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let snapshot: () => void = () => {};
    const gotSnapshot = new Promise<void>((resolve) => {
      snapshot = resolve;
    });
    this.streaming = (async () => {
      let buffer = "";
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          for (let cut = buffer.indexOf("\n\n"); cut >= 0; cut = buffer.indexOf("\n\n")) {
            const block = buffer.slice(0, cut);
            buffer = buffer.slice(cut + 2);
            const type = /^event: (.+)$/m.exec(block)?.[1];
            const data = /^data: (.+)$/m.exec(block)?.[1];
            if (type && data) {
              this.apply(type, JSON.parse(data));
              if (type === "snapshot") snapshot();
            }
          }
        }
      } catch {
        // Aborted by close() or the server went away.
      }
    })();
    await gotSnapshot;
  }

  list(): WebMessage[] {
    return [...this.messages.values()].sort((a, b) => a.id - b.id);
  }

  last(): WebMessage | undefined {
    return this.list().at(-1);
  }

  /** Waits until a bot bubble after `afterId` matches (edits included). */
  async waitFor(
    predicate: (message: WebMessage) => boolean,
    afterId = 0,
    timeoutMs = 10_000,
  ): Promise<WebMessage> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.list().find((m) => m.id > afterId && m.from === "bot" && predicate(m));
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(
          `no matching bubble; have: ${JSON.stringify(this.list().map((m) => m.plain.slice(0, 60)))}`,
        );
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /**
   * The first bot bubble (new or edited) that matches and arrived after the visitor's last
   * action or after the bubble the previous wait returned, like the loopback Telegram user.
   */
  async waitForBot(
    predicate: (message: WebMessage) => boolean = () => true,
    timeoutMs = 10_000,
  ): Promise<WebMessage> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.botEvents.findIndex((m, i) => i >= this.mark && predicate(m));
      if (index >= 0) {
        this.mark = index + 1;
        return this.botEvents[index] as WebMessage;
      }
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(
          `no matching bot bubble; got: ${JSON.stringify(this.botEvents.slice(this.mark).map((m) => m.plain.slice(0, 80)))}`,
        );
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Sends text; resolves with the HTTP status (202 accepted). */
  async say(text: string): Promise<number> {
    this.mark = this.botEvents.length;
    return (await this.post("messages", { text })).status;
  }

  async press(message: WebMessage, text: string | RegExp): Promise<number> {
    const button = message.buttons
      ?.flat()
      .find((b) => (typeof text === "string" ? b.text.includes(text) : text.test(b.text)));
    if (!button?.data)
      throw new Error(
        `no button ${text} in ${JSON.stringify(message.buttons?.flat().map((b) => b.text))}`,
      );
    return this.pressData(message, button.data);
  }

  async pressData(message: WebMessage, data: string): Promise<number> {
    this.mark = this.botEvents.length;
    return (await this.post("press", { id: message.id, data })).status;
  }

  async close() {
    this.abort.abort();
    await this.streaming;
  }
}

export function buttonTexts(message: WebMessage): string[] {
  return message.buttons?.flat().map((b) => b.text) ?? [];
}
