import { escapeHtml } from "../infra/html.ts";
import { CALLBACK_DATA_LIMIT, CAPTION_LIMIT, TEXT_LIMIT } from "../telegram/limits.ts";

/**
 * What Telegram would answer with a 400 for the same call: the web chat refuses exactly what
 * Telegram refuses, so a message that works in one channel works in the other.
 */
export class TelegramRuleError extends Error {
  constructor(readonly description: string) {
    super(description);
    this.name = "TelegramRuleError";
  }
}

/** Tags of Telegram's HTML parse mode, as the browser shows them. */
const tagMap: Record<string, string> = {
  b: "b",
  strong: "b",
  i: "i",
  em: "i",
  u: "u",
  ins: "u",
  s: "s",
  strike: "s",
  del: "s",
  code: "code",
  pre: "pre",
  blockquote: "blockquote",
  a: "a",
  "tg-spoiler": "span",
  span: "span",
  "tg-emoji": "span",
};

const named: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"' };

function decodeEntities(raw: string): string {
  return raw.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith("#x") || name.startsWith("#X"))
      return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
    if (name.startsWith("#")) return String.fromCodePoint(Number(name.slice(1)));
    return named[name.toLowerCase()] ?? whole;
  });
}

/** Links a parent may follow from a bubble; anything else is shown as plain text. */
function safeHref(href: string): string | undefined {
  try {
    const url = new URL(href);
    return ["http:", "https:", "mailto:", "tel:"].includes(url.protocol) ? url.href : undefined;
  } catch {
    return undefined;
  }
}

export interface RenderedText {
  /** Safe HTML for the browser: only the tags above, every text escaped, links checked. */
  html: string;
  /** The text as Telegram returns it (entities stripped). */
  plain: string;
}

/**
 * A message text as the bot sends it (Telegram HTML, or plain text without `parse_mode`),
 * checked by Telegram's rules (known tags, balanced, at most `limit` characters after parsing)
 * and turned into HTML the browser can show as is.
 */
export function renderTelegramText(
  text: unknown,
  parseMode: unknown,
  limit: number = TEXT_LIMIT,
): RenderedText {
  if (typeof text !== "string" || text.trim() === "")
    throw new TelegramRuleError("Bad Request: message text is empty");
  if (parseMode === undefined || parseMode === null || parseMode === "") {
    if (text.length > limit) throw new TelegramRuleError("Bad Request: message is too long");
    return { html: escapeHtml(text), plain: text };
  }
  if (parseMode !== "HTML")
    throw new TelegramRuleError(`Bad Request: parse mode ${String(parseMode)} is not supported`);
  const out: string[] = [];
  let plain = "";
  const open: string[] = [];
  const pattern = /<(\/?)([a-zA-Z-]+)((?:\s+[a-zA-Z-]+\s*=\s*"[^"]*")*)\s*>/g;
  let last = 0;
  const pushText = (raw: string) => {
    if (raw.includes("<") || raw.includes(">"))
      throw new TelegramRuleError("Bad Request: can't parse entities: unexpected < or >");
    const decoded = decodeEntities(raw);
    plain += decoded;
    out.push(escapeHtml(decoded));
  };
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    pushText(text.slice(last, match.index));
    last = match.index + match[0].length;
    const name = (match[2] ?? "").toLowerCase();
    const browserTag = tagMap[name];
    if (!browserTag)
      throw new TelegramRuleError(`Bad Request: can't parse entities: unsupported tag "${name}"`);
    if (match[1]) {
      if (open.pop() !== name)
        throw new TelegramRuleError(`Bad Request: can't parse entities: unmatched end tag ${name}`);
      out.push(`</${browserTag}>`);
      continue;
    }
    open.push(name);
    const attributes = match[3] ?? "";
    if (name === "a") {
      const href = /href\s*=\s*"([^"]*)"/.exec(attributes)?.[1];
      const safe = href === undefined ? undefined : safeHref(decodeEntities(href));
      out.push(
        safe ? `<a href="${escapeHtml(safe)}" target="_blank" rel="noopener noreferrer">` : "<a>",
      );
    } else if (name === "tg-spoiler" || (name === "span" && attributes.includes("tg-spoiler"))) {
      out.push('<span class="spoiler">');
    } else out.push(`<${browserTag}>`);
  }
  pushText(text.slice(last));
  if (open.length > 0)
    throw new TelegramRuleError(`Bad Request: can't parse entities: unclosed tag ${open.at(-1)}`);
  if (plain.trim() === "") throw new TelegramRuleError("Bad Request: message text is empty");
  if (plain.length > limit) throw new TelegramRuleError("Bad Request: message is too long");
  return { html: out.join(""), plain };
}

/** A caption: the same rules with Telegram's caption limit; absent is fine. */
export function renderCaption(caption: unknown, parseMode: unknown): RenderedText | undefined {
  if (caption === undefined || caption === null || caption === "") return undefined;
  return renderTelegramText(caption, parseMode, CAPTION_LIMIT);
}

export interface WebButton {
  text: string;
  /** Callback data (at most 64 bytes, as in Telegram). */
  data?: string;
  url?: string;
}

/** An inline keyboard checked like Telegram: each button has one action, data ≤ 64 bytes. */
export function inlineButtonsOf(replyMarkup: unknown): WebButton[][] | undefined {
  const markup = parseMarkup(replyMarkup);
  const rows = (markup as { inline_keyboard?: unknown })?.inline_keyboard;
  if (!Array.isArray(rows)) return undefined;
  return rows.map((row: unknown) => {
    if (!Array.isArray(row)) throw new TelegramRuleError("Bad Request: BUTTON_DATA_INVALID");
    return row.map((button: Record<string, unknown>) => {
      const text = button?.text;
      if (typeof text !== "string" || text === "")
        throw new TelegramRuleError("Bad Request: button text is empty");
      if (typeof button.callback_data === "string") {
        if (Buffer.byteLength(button.callback_data) > CALLBACK_DATA_LIMIT)
          throw new TelegramRuleError("Bad Request: BUTTON_DATA_INVALID");
        return { text, data: button.callback_data };
      }
      const url = typeof button.url === "string" ? safeHref(button.url) : undefined;
      if (url) return { text, url };
      throw new TelegramRuleError("Bad Request: BUTTON_DATA_INVALID");
    });
  });
}

/**
 * A reply keyboard as quick replies: buttons that send their text. A button asking for the
 * Telegram contact has no meaning in a browser and is left out (the bot offers typing instead).
 * `null` removes the keyboard, `undefined` leaves it as it is.
 */
export function replyKeyboardOf(replyMarkup: unknown): string[][] | null | undefined {
  const markup = parseMarkup(replyMarkup) as
    | { keyboard?: unknown; remove_keyboard?: boolean }
    | undefined;
  if (markup?.remove_keyboard) return null;
  if (!Array.isArray(markup?.keyboard)) return undefined;
  return markup.keyboard
    .map((row: unknown) =>
      (Array.isArray(row) ? row : []).flatMap((button: unknown) => {
        if (typeof button === "string") return [button];
        const b = button as {
          text?: unknown;
          request_contact?: unknown;
          request_location?: unknown;
        };
        if (typeof b?.text !== "string" || b.request_contact || b.request_location) return [];
        return [b.text];
      }),
    )
    .filter((row) => row.length > 0);
}

function parseMarkup(replyMarkup: unknown): unknown {
  if (typeof replyMarkup === "string") {
    try {
      return JSON.parse(replyMarkup);
    } catch {
      return undefined;
    }
  }
  return replyMarkup;
}
