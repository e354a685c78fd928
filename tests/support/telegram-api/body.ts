import type { IncomingMessage } from "node:http";

/** A file part of a multipart request (grammY sends `InputFile`s this way). */
export interface UploadedFile {
  field: string;
  fileName: string;
  contentType: string;
  content: Buffer;
}

export interface ParsedBody {
  params: Record<string, unknown>;
  files: Map<string, UploadedFile>;
}

// Form and query values arrive as strings; these keys carry JSON or numbers in the Bot API.
const jsonKeys = new Set([
  "reply_markup",
  "entities",
  "caption_entities",
  "allowed_updates",
  "commands",
  "scope",
  "link_preview_options",
  "reply_parameters",
  "media",
]);
const numberKeys = new Set([
  "chat_id",
  "from_chat_id",
  "message_id",
  "offset",
  "limit",
  "timeout",
  "reply_to_message_id",
  "cache_time",
  "max_connections",
  "user_id",
  "message_thread_id",
]);
const boolKeys = new Set([
  "disable_notification",
  "show_alert",
  "drop_pending_updates",
  "protect_content",
  "disable_web_page_preview",
  "disable_content_type_detection",
]);

function coerce(key: string, value: string): unknown {
  if (jsonKeys.has(key)) {
    try {
      return JSON.parse(value);
    } catch {
      return value;
    }
  }
  if (numberKeys.has(key) && /^-?\d+$/.test(value)) return Number(value);
  if (boolKeys.has(key) && (value === "true" || value === "false")) return value === "true";
  return value;
}

export function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        reject(new Error("body too large"));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () =>
      resolve(chunks.length === 1 && chunks[0] ? chunks[0] : Buffer.concat(chunks)),
    );
    req.on("error", reject);
  });
}

export function parseBody(contentType: string, body: Buffer, query: URLSearchParams): ParsedBody {
  const params: Record<string, unknown> = {};
  const files = new Map<string, UploadedFile>();
  for (const [k, v] of query) params[k] = coerce(k, v);
  const type = contentType.split(";")[0]?.trim().toLowerCase() ?? "";
  if (body.length === 0) return { params, files };
  if (type === "application/json") {
    Object.assign(params, JSON.parse(body.toString("utf8")) as Record<string, unknown>);
  } else if (type === "application/x-www-form-urlencoded") {
    for (const [k, v] of new URLSearchParams(body.toString("utf8"))) params[k] = coerce(k, v);
  } else if (type === "multipart/form-data") {
    const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
    if (!boundary) throw new Error("multipart boundary missing");
    for (const part of parseMultipart(body, boundary)) {
      if (part.fileName === undefined)
        params[part.name] = coerce(part.name, part.content.toString("utf8"));
      else
        files.set(part.name, {
          field: part.name,
          fileName: part.fileName,
          contentType: part.contentType,
          content: part.content,
        });
    }
  }
  return { params, files };
}

interface Part {
  name: string;
  fileName: string | undefined;
  contentType: string;
  content: Buffer;
}

// grammY writes header names in lower case without spaces and leaves file names unquoted,
// so this parser accepts both spellings.
function* parseMultipart(body: Buffer, boundary: string): Generator<Part> {
  const delimiter = Buffer.from(`--${boundary}`);
  let pos = body.indexOf(delimiter);
  while (pos >= 0) {
    pos += delimiter.length;
    if (body[pos] === 45 && body[pos + 1] === 45) return;
    if (body[pos] === 13 && body[pos + 1] === 10) pos += 2;
    const next = body.indexOf(delimiter, pos);
    if (next < 0) return;
    let end = next;
    if (body[end - 2] === 13 && body[end - 1] === 10) end -= 2;
    const raw = body.subarray(pos, end);
    const headerEnd = raw.indexOf("\r\n\r\n");
    if (headerEnd >= 0) {
      let disposition = "";
      let contentType = "application/octet-stream";
      for (const line of raw.subarray(0, headerEnd).toString("utf8").split("\r\n")) {
        const colon = line.indexOf(":");
        const key = line.slice(0, colon).trim().toLowerCase();
        const value = line.slice(colon + 1).trim();
        if (key === "content-disposition") disposition = value;
        else if (key === "content-type") contentType = value;
      }
      const name = /(?:^|;)\s*name="?([^";\r\n]*)"?/i.exec(disposition)?.[1] ?? "";
      const fileMatch = /filename="([^"]*)"|filename=([^;\r\n]*)/i.exec(disposition);
      yield {
        name,
        fileName: fileMatch ? (fileMatch[1] ?? fileMatch[2] ?? "").trim() : undefined,
        contentType,
        content: raw.subarray(headerEnd + 4),
      };
    }
    pos = next;
  }
}
