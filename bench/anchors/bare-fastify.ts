/**
 * Anchor for `bench:startup` and `bench:console`: a bare Fastify server under tsx, the same
 * runtime Qoldau starts with, serving `/healthz` and one route that answers a page of
 * `PAGE_BYTES` bytes (the size of the console's search fragment measured by the bench).
 * Run as its own process: `tsx bench/anchors/bare-fastify.ts` with HOST, PORT, PAGE_BYTES.
 */
import Fastify from "fastify";

// Benchmarks pass their settings in the environment; this is not the application's config.
const env = process.env;
const page = `<div class="hits">${"x".repeat(Math.max(0, Number(env.PAGE_BYTES ?? 4000) - 24))}</div>`;
const app = Fastify();
app.get("/healthz", async () => ({ ok: true }));
app.get("/page", async (_request, reply) => reply.type("text/html; charset=utf-8").send(page));
await app.listen({ host: env.HOST ?? "127.0.0.1", port: Number(env.PORT ?? 3000) });
process.on("SIGTERM", () => void app.close().then(() => process.exit(0)));
