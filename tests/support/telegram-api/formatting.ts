import type { MessageEntity } from "grammy/types";

/** Telegram's answer to malformed markup: "Bad Request: can't parse entities: ...". */
export class EntityParseError extends Error {}

export interface FormattedText {
  text: string;
  entities: MessageEntity[];
}

const byteOffset = (source: string, index: number) =>
  Buffer.byteLength(source.slice(0, index), "utf8");

/** Strips markup the way Telegram does and reports the entities, or throws like Telegram. */
export function parseFormatted(source: string, parseMode: unknown): FormattedText {
  if (typeof parseMode !== "string" || parseMode === "") return { text: source, entities: [] };
  const mode = parseMode.toLowerCase();
  if (mode === "html") return parseHtml(source);
  if (mode === "markdownv2") return parseMarkdown(source, true);
  if (mode === "markdown") return parseMarkdown(source, false);
  throw new EntityParseError(`Unsupported parse_mode "${parseMode}"`);
}

const htmlTags: Record<string, MessageEntity["type"]> = {
  b: "bold",
  strong: "bold",
  i: "italic",
  em: "italic",
  u: "underline",
  ins: "underline",
  s: "strikethrough",
  strike: "strikethrough",
  del: "strikethrough",
  "tg-spoiler": "spoiler",
  span: "spoiler",
  a: "text_link",
  code: "code",
  pre: "pre",
  blockquote: "blockquote",
  "tg-emoji": "custom_emoji",
};

const namedEntities: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"' };

function parseHtml(source: string): FormattedText {
  let text = "";
  const entities: MessageEntity[] = [];
  const stack: { tag: string; offset: number; attrs: string; at: number }[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i] as string;
    if (ch === "&") {
      const m = /^&(#x[0-9a-f]+|#\d+|[a-z]+);/i.exec(source.slice(i, i + 12));
      const name = m?.[1];
      if (m && name !== undefined) {
        const lower = name.toLowerCase();
        const decoded = lower.startsWith("#x")
          ? String.fromCodePoint(Number.parseInt(lower.slice(2), 16))
          : lower.startsWith("#")
            ? String.fromCodePoint(Number(lower.slice(1)))
            : namedEntities[lower];
        if (decoded !== undefined) {
          text += decoded;
          i += m[0].length;
          continue;
        }
      }
      text += ch;
      i++;
      continue;
    }
    if (ch !== "<") {
      text += ch;
      i++;
      continue;
    }
    const close = source.indexOf(">", i);
    if (close < 0)
      throw new EntityParseError(`Unclosed start tag at byte offset ${byteOffset(source, i)}`);
    const inner = source.slice(i + 1, close);
    if (inner.startsWith("/")) {
      const name = inner.slice(1).trim().toLowerCase();
      const open = stack.pop();
      if (!open || open.tag !== name)
        throw new EntityParseError(
          `Unmatched end tag at byte offset ${byteOffset(source, i)}, expected "</${open?.tag ?? ""}>", found "</${name}>"`,
        );
      const type = htmlTags[name];
      if (type && text.length > open.offset) {
        const entity = { type, offset: open.offset, length: text.length - open.offset } as Record<
          string,
          unknown
        >;
        if (type === "text_link")
          entity.url = /href\s*=\s*"([^"]*)"|href\s*=\s*'([^']*)'/i
            .exec(open.attrs)
            ?.slice(1)
            .find((v) => v !== undefined);
        if (type === "pre" || type === "code") {
          const lang = /class\s*=\s*"language-([^"]+)"/i.exec(open.attrs)?.[1];
          if (lang) entity.language = lang;
        }
        entities.push(entity as unknown as MessageEntity);
      }
    } else {
      const name = (/^[a-z-]+/i.exec(inner)?.[0] ?? "").toLowerCase();
      if (!(name in htmlTags))
        throw new EntityParseError(
          `Unsupported start tag "${name}" at byte offset ${byteOffset(source, i)}`,
        );
      // Telegram takes <span> only as a spoiler.
      if (name === "span" && !/class\s*=\s*"tg-spoiler"/i.test(inner))
        throw new EntityParseError(
          `Unsupported start tag "span" at byte offset ${byteOffset(source, i)}`,
        );
      stack.push({ tag: name, offset: text.length, attrs: inner.slice(name.length), at: i });
    }
    i = close + 1;
  }
  const open = stack.pop();
  if (open)
    throw new EntityParseError(`Can't find end tag corresponding to start tag "${open.tag}"`);
  entities.sort((a, b) => a.offset - b.offset);
  return { text, entities };
}

const reserved = new Set("_*[]()~`>#+-=|{}.!");

function parseMarkdown(source: string, v2: boolean): FormattedText {
  let text = "";
  const entities: MessageEntity[] = [];
  const stack: { marker: string; offset: number; at: number }[] = [];
  const types: Record<string, MessageEntity["type"]> = {
    "*": "bold",
    _: "italic",
    __: "underline",
    "~": "strikethrough",
    "||": "spoiler",
    "[": "text_link",
  };
  let i = 0;
  while (i < source.length) {
    const ch = source[i] as string;
    if (ch === "\\" && i + 1 < source.length && (v2 || reserved.has(source[i + 1] as string))) {
      text += source[i + 1];
      i += 2;
      continue;
    }
    if (ch === "`") {
      const fence = source.startsWith("```", i) ? "```" : "`";
      const end = source.indexOf(fence, i + fence.length);
      if (end < 0)
        throw new EntityParseError(
          `Can't find end of ${fence === "`" ? "Code" : "Pre"} entity at byte offset ${byteOffset(source, i)}`,
        );
      let body = source.slice(i + fence.length, end);
      let language: string | undefined;
      if (fence === "```") {
        const nl = body.indexOf("\n");
        if (nl > 0 && /^\w+$/.test(body.slice(0, nl))) language = body.slice(0, nl);
        if (nl >= 0 && (language || nl === 0)) body = body.slice(nl + 1);
      }
      if (v2) body = body.replace(/\\([`\\])/g, "$1");
      const entity = {
        type: fence === "`" ? "code" : "pre",
        offset: text.length,
        length: body.length,
      } as Record<string, unknown>;
      if (language) entity.language = language;
      if (body.length > 0) entities.push(entity as unknown as MessageEntity);
      text += body;
      i = end + fence.length;
      continue;
    }
    let marker: string | undefined;
    if (ch === "_" && v2 && source[i + 1] === "_") marker = "__";
    else if (ch === "|" && v2 && source[i + 1] === "|") marker = "||";
    else if (ch === "*" || ch === "_" || ch === "[" || (v2 && ch === "~")) marker = ch;
    if (marker === "[") {
      stack.push({ marker, offset: text.length, at: i });
      i++;
      continue;
    }
    if (ch === "]" && stack.at(-1)?.marker === "[") {
      const open = stack.pop() as { marker: string; offset: number };
      if (source[i + 1] !== "(")
        throw new EntityParseError(
          `Can't find end of a URL at byte offset ${byteOffset(source, i)}`,
        );
      const end = source.indexOf(")", i + 2);
      if (end < 0)
        throw new EntityParseError(
          `Can't find end of a URL at byte offset ${byteOffset(source, i)}`,
        );
      const url = source.slice(i + 2, end).replace(/\\(.)/g, "$1");
      if (text.length > open.offset)
        entities.push({
          type: "text_link",
          offset: open.offset,
          length: text.length - open.offset,
          url,
        });
      i = end + 1;
      continue;
    }
    if (marker) {
      if (stack.at(-1)?.marker === marker) {
        const open = stack.pop() as { marker: string; offset: number };
        const type = types[marker];
        if (type && text.length > open.offset)
          entities.push({
            type,
            offset: open.offset,
            length: text.length - open.offset,
          } as MessageEntity);
      } else stack.push({ marker, offset: text.length, at: i });
      i += marker.length;
      continue;
    }
    if (v2 && ch === ">" && (i === 0 || source[i - 1] === "\n")) {
      i++;
      continue;
    }
    if (v2 && reserved.has(ch))
      throw new EntityParseError(
        `Character '${ch}' is reserved and must be escaped with the preceding '\\'`,
      );
    text += ch;
    i++;
  }
  const open = stack.pop();
  if (open)
    throw new EntityParseError(
      `Can't find end of the entity starting at byte offset ${byteOffset(source, open.at)}`,
    );
  entities.sort((a, b) => a.offset - b.offset);
  return { text, entities };
}
