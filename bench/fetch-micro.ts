/**
 * npx tsx bench/fetch-micro.ts [NOSIG=1]
 *
 * CPU per Bot API request of the bot's keep-alive `fetch` (`src/bot/helpers/bot-api-fetch.ts`)
 * against a loopback server in the same process, 50 requests in flight, each with an abort
 * signal as grammY passes one (`NOSIG=1`: without). Client and server CPU together.
 */
import http from "node:http";
import { createBotApiFetch } from "../src/bot/helpers/bot-api-fetch.ts";

const body = JSON.stringify({
  ok: true,
  result: {
    message_id: 1,
    text: "x".repeat(600),
    reply_markup: {
      inline_keyboard: [[{ text: "a", callback_data: "f:which:1a2b3c:start:health" }]],
    },
  },
});
const server = http.createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(body);
  });
});
await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
const port = (server.address() as { port: number }).port;
const fetch = createBotApiFetch();
const url = `http://127.0.0.1:${port}/bot1:x/editMessageText`;
const payload = JSON.stringify({ chat_id: 1, message_id: 2, text: "y".repeat(300) });
const run = async (n: number) => {
  await Promise.all(
    Array.from({ length: 50 }, async () => {
      for (let i = 0; i < n / 50; i++) {
        const ac = new AbortController();
        const r = await fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: payload,
          ...(process.env.NOSIG ? {} : { signal: ac.signal }),
        });
        await r.json();
      }
    }),
  );
};
await run(5000);
const t = process.cpuUsage();
const n = 20000;
await run(n);
const u = process.cpuUsage(t);
console.log(
  `fetch: ${((u.user + u.system) / n).toFixed(0)} µs CPU per request (client and server in one process)`,
);
server.close();
process.exit(0);
