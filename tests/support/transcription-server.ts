import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A fault for the next requests: never answer, answer with an error status, or no words. */
export type TranscriptionFault =
  | { kind: "hang" }
  | { kind: "status"; status: number }
  | { kind: "empty" };

export interface TranscriptionRequest {
  authorization: string | undefined;
  model: string | undefined;
  fileName: string | undefined;
  bytes: number;
}

export interface TranscriptionServer {
  /** API root to configure as OPENAI_BASE_URL (ends with /v1). */
  baseURL: string;
  requests: TranscriptionRequest[];
  /** Applies to every request until cleared. */
  fault: TranscriptionFault | undefined;
  close(): Promise<void>;
}

/**
 * Loopback server speaking OpenAI's `POST /v1/audio/transcriptions` (multipart: file, model).
 * The "recognised" text is the audio bytes read as UTF-8, so a test speaks by sending text.
 */
export async function startTranscriptionServer(): Promise<TranscriptionServer> {
  const hanging = new Set<ServerResponse>();
  const state: TranscriptionServer = {
    baseURL: "",
    requests: [],
    fault: undefined,
    close: async () => {
      for (const res of hanging) res.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.method !== "POST" || req.url !== "/v1/audio/transcriptions") {
      res.writeHead(404).end();
      return;
    }
    const form = await new Response(Buffer.concat(chunks), {
      headers: { "content-type": req.headers["content-type"] ?? "" },
    }).formData();
    const file = form.get("file");
    const audio = file instanceof Blob ? Buffer.from(await file.arrayBuffer()) : Buffer.alloc(0);
    state.requests.push({
      authorization: req.headers.authorization,
      model: form.get("model")?.toString(),
      fileName: file instanceof File ? file.name : undefined,
      bytes: audio.length,
    });
    const fault = state.fault;
    if (fault?.kind === "hang") {
      hanging.add(res);
      return;
    }
    if (fault?.kind === "status") {
      res.writeHead(fault.status, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { message: "server error" } }));
      return;
    }
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ text: fault?.kind === "empty" ? " " : audio.toString("utf8") }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  state.baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  return state;
}
