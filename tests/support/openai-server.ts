import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A fault to apply to the next request(s). */
export type OpenAiFault =
  | { kind: "latency"; ms: number }
  | { kind: "status"; status: 429 | 500 | 502 | 503; times?: number }
  | { kind: "hang" };

export type ChatMessage = { role: string; content: string };

export type RecordedRequest = {
  path: string;
  authorization: string | undefined;
  body: {
    model?: string;
    messages?: ChatMessage[];
    input?: string | string[];
    [key: string]: unknown;
  };
};

export type OpenAiServer = {
  /** Base URL to give the OpenAI SDK (ends with /v1). */
  baseURL: string;
  requests: RecordedRequest[];
  /** What the chat model answers; receives the messages it was sent. */
  reply: (messages: ChatMessage[]) => string;
  faults: OpenAiFault[];
  close(): Promise<void>;
};

/** Deterministic embedding: hashed character trigrams, so similar texts get similar vectors. */
export function fakeEmbedding(text: string, dims = 64): number[] {
  const vector = new Array<number>(dims).fill(0);
  const padded = ` ${text.toLowerCase()} `;
  for (let i = 0; i + 3 <= padded.length; i += 1) {
    let hash = 2166136261;
    for (const ch of padded.slice(i, i + 3))
      hash = Math.imul(hash ^ (ch.codePointAt(0) ?? 0), 16777619);
    const slot = Math.abs(hash) % dims;
    vector[slot] = (vector[slot] ?? 0) + 1;
  }
  return vector;
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  return text ? JSON.parse(text) : {};
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

/**
 * Loopback server speaking the OpenAI chat-completions and embeddings protocol, with faults
 * (latency, 429/5xx, hang) and a record of every request, so prompts can be asserted.
 */
export async function startOpenAiServer(): Promise<OpenAiServer> {
  const state: OpenAiServer = {
    baseURL: "",
    requests: [],
    reply: () => "OK [1]",
    faults: [],
    close: async () => {},
  };
  const hanging = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    void (async () => {
      const body = (await readBody(req)) as RecordedRequest["body"];
      const path = (req.url ?? "").replace(/\?.*$/, "");
      state.requests.push({ path, authorization: req.headers.authorization, body });
      const fault = state.faults[0];
      if (fault?.kind === "latency") {
        state.faults.shift();
        await new Promise((resolve) => setTimeout(resolve, fault.ms));
      } else if (fault?.kind === "status") {
        fault.times = (fault.times ?? 1) - 1;
        if (fault.times <= 0) state.faults.shift();
        send(res, fault.status, { error: { message: `fault ${fault.status}`, type: "fault" } });
        return;
      } else if (fault?.kind === "hang") {
        state.faults.shift();
        hanging.add(res);
        return;
      }
      if (path.endsWith("/chat/completions")) {
        const content = state.reply(body.messages ?? []);
        send(res, 200, {
          id: `chatcmpl-${state.requests.length}`,
          object: "chat.completion",
          created: Math.floor(Date.now() / 1000),
          model: body.model ?? "test-model",
          choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }],
          usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
        });
        return;
      }
      if (path.endsWith("/embeddings")) {
        const inputs = Array.isArray(body.input) ? body.input : [body.input ?? ""];
        send(res, 200, {
          object: "list",
          model: body.model ?? "test-embeddings",
          data: inputs.map((text, index) => {
            const vector = fakeEmbedding(String(text));
            // The OpenAI SDK asks for base64 unless told otherwise.
            const embedding =
              body.encoding_format === "base64"
                ? Buffer.from(new Float32Array(vector).buffer).toString("base64")
                : vector;
            return { object: "embedding", index, embedding };
          }),
          usage: { prompt_tokens: 1, total_tokens: 1 },
        });
        return;
      }
      send(res, 404, { error: { message: "not found" } });
    })().catch((error: unknown) => send(res, 500, { error: { message: String(error) } }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  state.baseURL = `http://127.0.0.1:${port}/v1`;
  state.close = async () => {
    for (const res of hanging) res.destroy();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return state;
}
