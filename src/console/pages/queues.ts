import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import type { IServerAdapter } from "@bull-board/api/typings/app";
import { FastifyAdapter } from "@bull-board/fastify";
import type { FastifyInstance } from "fastify";
import type { ConsoleContext } from "../context.ts";
import { consoleBase } from "../layout.ts";
import type { ConsolePage } from "./page.ts";

export const queuesPath = `${consoleBase}/admin/queues`;

/**
 * The BullMQ dashboard for admins. Its routes declare no roles, so the console guard makes
 * them admin-only. Queues are read from the registry when the app starts.
 */
export async function queuesBoard(app: FastifyInstance, opts: { ctx: ConsoleContext }) {
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(queuesPath);
  const registry = opts.ctx.deps.queues;
  const adapters = () => (registry?.list() ?? []).map((queue) => new BullMQAdapter(queue));
  let shown = registry?.list().length ?? 0;
  const board = createBullBoard({
    queues: adapters(),
    // @bull-board/fastify pins api 9.10.1 next to our 9.10.2: same shape, separate private fields.
    serverAdapter: serverAdapter as unknown as IServerAdapter,
    options: {
      uiConfig: { boardTitle: "Qoldau", miscLinks: [{ text: "← Console", url: consoleBase }] },
    },
  });
  // The board's API changes jobs with plain POST/PUT/DELETE and no CSRF token of ours: only a
  // request from this very origin (which browsers name in Origin) may change anything.
  app.addHook("onRequest", async (request, reply) => {
    if (!request.url.startsWith(queuesPath)) return;
    if (request.method === "GET" || request.method === "HEAD") return;
    const origin = request.headers.origin;
    if (origin !== `${request.protocol}://${request.host}`)
      return reply.code(403).send({ error: "cross-origin request refused" });
  });
  // A prebuilt SPA with inline boot code: no page may frame it, and it talks to itself only.
  app.addHook("onSend", async (request, reply) => {
    if (!request.url.startsWith(queuesPath)) return;
    reply.header(
      "content-security-policy",
      "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline' https://fonts.googleapis.com; font-src 'self' https://fonts.gstatic.com data:; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
    );
    reply.header("x-frame-options", "DENY");
    reply.header("x-content-type-options", "nosniff");
    reply.header("referrer-policy", "same-origin");
  });
  // Queues created after start (a worker that comes up later) appear on the next visit.
  app.addHook("onRequest", async () => {
    const now = registry?.list().length ?? 0;
    if (now !== shown) {
      shown = now;
      board.replaceQueues(adapters());
    }
  });
  await app.register(serverAdapter.registerPlugin(), { prefix: queuesPath });
}

/** The navigation entry only; the board itself is mounted outside the pages scope. */
export const queuesPage: ConsolePage = {
  id: "queues",
  nav: { path: `${queuesPath}/`, labelKey: "console-nav-queues", roles: ["admin"] },
  register() {},
};
