/**
 * Telegram's limits on what a bot sends, in one place: every message text, caption and button
 * the bot, the workers and the broadcasts produce is measured and split here. Telegram counts a
 * text AFTER entity parsing (tags removed, `&amp;` as one character) in UTF-16 code units, which
 * is what JavaScript's `length` counts.
 */

/** Longest message text Telegram accepts ("Bad Request: message is too long" above it). */
export const TEXT_LIMIT = 4096;
/** Longest caption of a photo or document. */
export const CAPTION_LIMIT = 1024;
/** Longest `callback_data` of an inline button, in bytes ("BUTTON_DATA_INVALID" above it). */
export const CALLBACK_DATA_LIMIT = 64;

/** The tags Telegram's HTML parse mode accepts. */
const allowedTags = new Set([
  "b",
  "strong",
  "i",
  "em",
  "u",
  "ins",
  "s",
  "strike",
  "del",
  "tg-spoiler",
  "span",
  "a",
  "code",
  "pre",
  "blockquote",
  "tg-emoji",
]);

const entities: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"' };

type Token =
  | { kind: "text"; raw: string; length: number }
  | { kind: "open"; raw: string; name: string }
  | { kind: "close"; raw: string; name: string };

/** Splits Telegram HTML into text runs and tags; an unknown tag is a bug in our own markup. */
function tokenize(html: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /<(\/?)([a-z-]+)[^>]*>/gi;
  let last = 0;
  const pushText = (raw: string) => {
    if (raw === "") return;
    tokens.push({ kind: "text", raw, length: textLength(raw) });
  };
  for (let match = pattern.exec(html); match !== null; match = pattern.exec(html)) {
    pushText(html.slice(last, match.index));
    const name = (match[2] ?? "").toLowerCase();
    if (!allowedTags.has(name)) throw new Error(`Telegram does not accept the tag <${name}>`);
    tokens.push({ kind: match[1] ? "close" : "open", raw: match[0], name });
    last = match.index + match[0].length;
  }
  pushText(html.slice(last));
  return tokens;
}

/** Visible length of escaped text: each `&name;` / `&#n;` counts as the one character it is. */
function textLength(raw: string): number {
  return raw.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) =>
    name.startsWith("#") || entities[name.toLowerCase()] !== undefined ? "x" : whole,
  ).length;
}

/** The length Telegram measures for an HTML text: tags removed, entities decoded. */
export function visibleLength(html: string): number {
  let length = 0;
  for (const token of tokenize(html)) if (token.kind === "text") length += token.length;
  return length;
}

const visibleBefore = (raw: string, index: number) => textLength(raw.slice(0, index));

/**
 * Splits a text run into pieces of at most `room` visible characters, preferring a line break,
 * then a space, and never cutting an `&entity;` in two.
 */
function cutText(raw: string, room: number): [string, string] {
  let visible = 0;
  let index = 0;
  let lastBlank = -1;
  let lastBreak = -1;
  let lastSpace = -1;
  while (index < raw.length) {
    let step = 1;
    if (raw[index] === "&") {
      const m = /^&(#x[0-9a-f]+|#\d+|[a-z]+);/i.exec(raw.slice(index, index + 12));
      if (m) step = m[0].length;
    }
    if (visible + 1 > room) break;
    if (raw[index] === "\n") {
      if (raw[index - 1] === "\n") lastBlank = index - 1;
      lastBreak = index;
    } else if (raw[index] === " ") lastSpace = index;
    visible += 1;
    index += step;
  }
  if (index >= raw.length) return [raw, ""];
  const at =
    lastBlank > 0 && visibleBefore(raw, lastBlank) > room / 2
      ? lastBlank
      : lastBreak > 0
        ? lastBreak
        : lastSpace > 0
          ? lastSpace
          : index;
  const head = raw.slice(0, at);
  // The separator a chunk was cut at is not carried over.
  const tail = raw.slice(at).replace(/^[\n ]+/, "");
  return [head, tail];
}

/**
 * Splits Telegram HTML into messages of at most `limit` visible characters: at a blank line when
 * one is in the second half of the room, else at a line break, else at a space. A tag open
 * across a cut is closed at the end of one chunk and opened again at the start of the next, so
 * every chunk is valid on its own.
 */
export function splitHtml(html: string, limit = TEXT_LIMIT): string[] {
  if (visibleLength(html) <= limit) return [html];
  return splitTokens(html, limit);
}

/** Fills chunks token by token; tags open at a cut are re-opened in the next chunk. */
function splitTokens(html: string, limit: number): string[] {
  const tokens = tokenize(html);
  const chunks: string[] = [];
  const open: Extract<Token, { kind: "open" }>[] = [];
  let current = "";
  let visible = 0;
  const closeAll = () =>
    [...open]
      .reverse()
      .map((tag) => `</${tag.name}>`)
      .join("");
  const flush = () => {
    chunks.push(`${current}${closeAll()}`);
    current = open.map((tag) => tag.raw).join("");
    visible = 0;
  };
  for (const token of tokens) {
    if (token.kind === "open") {
      open.push(token);
      current += token.raw;
      continue;
    }
    if (token.kind === "close") {
      open.pop();
      current += token.raw;
      continue;
    }
    let rest = token.raw;
    while (rest !== "") {
      const room = limit - visible;
      const [head, tail] = cutText(rest, room);
      if (head === "" && visible > 0) {
        flush();
        continue;
      }
      // A single word longer than a whole message: cut it where it must be cut.
      const piece = head === "" ? rest.slice(0, room) : head;
      current += piece;
      visible += textLength(piece);
      rest = head === "" ? rest.slice(room) : tail;
      if (rest !== "") flush();
    }
  }
  if (visible > 0 || chunks.length === 0) chunks.push(current);
  return chunks.filter((chunk) => visibleLength(chunk) > 0);
}

/** A plain text (no parse mode) cut to the limit at a line or word boundary, with an ellipsis. */
export function fitPlain(text: string, limit = TEXT_LIMIT): string {
  if (text.length <= limit) return text;
  const cut = text.slice(0, limit - 1);
  const at = Math.max(cut.lastIndexOf("\n"), cut.lastIndexOf(" "));
  return `${at > limit / 2 ? cut.slice(0, at) : cut}…`;
}

/** Splits a plain text into messages within the limit at line boundaries. */
export function splitPlain(text: string, limit = TEXT_LIMIT): string[] {
  if (text.length <= limit) return [text];
  const chunks: string[] = [];
  let current = "";
  for (const line of text.split("\n")) {
    const joined = current === "" ? line : `${current}\n${line}`;
    if (joined.length <= limit) {
      current = joined;
      continue;
    }
    if (current !== "") chunks.push(current);
    current = line.length <= limit ? line : fitPlain(line, limit);
  }
  if (current !== "") chunks.push(current);
  return chunks;
}

/** True when a callback payload fits Telegram's 64 bytes. */
export function fitsCallbackData(data: string): boolean {
  return Buffer.byteLength(data, "utf8") <= CALLBACK_DATA_LIMIT;
}
