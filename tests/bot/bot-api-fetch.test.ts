import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBotApiFetch } from "../../src/bot/helpers/bot-api-fetch.ts";

// A Bot API stand-in that answers every call after a short while, so a burst is in flight at
// once, and counts the connections the bot opens.
let server: Server;
let root = "";
let connections = 0;
let inFlight = 0;
let mostInFlight = 0;
beforeAll(async () => {
  server = createServer({ keepAliveTimeout: 60_000 }, (req, res) => {
    inFlight += 1;
    mostInFlight = Math.max(mostInFlight, inFlight);
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      setTimeout(() => {
        inFlight -= 1;
        const body = JSON.stringify({
          ok: true,
          result: JSON.parse(Buffer.concat(chunks).toString()),
        });
        res.writeHead(200, { "content-type": "application/json" }).end(body);
      }, 20);
    });
  });
  server.on("connection", () => {
    connections += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  root = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe("Bot API fetch", () => {
  it("answers each call with its own result, and reuses its connections burst after burst", async () => {
    const fetch = createBotApiFetch();
    const burst = (n: number) =>
      Promise.all(
        Array.from({ length: n }, async (_, i) => {
          const response = await fetch(`${root}/bot1:x/answerCallbackQuery`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ callback_query_id: String(i) }),
          });
          return ((await response.json()) as { result: { callback_query_id: string } }).result
            .callback_query_id;
        }),
      );
    // Two presses' calls each for 200 parents at once, three times over.
    for (let round = 0; round < 3; round++) {
      const answers = await burst(400);
      expect(answers).toEqual(Array.from({ length: 400 }, (_, i) => String(i)));
    }
    // Calls past the pool wait for a free connection; none is opened only to be closed again.
    expect(mostInFlight).toBeLessThanOrEqual(256);
    expect(connections).toBe(256);
  });
});
