import type { IServerAdapter } from "@bull-board/api/typings/app";
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import type { ConsoleContext } from "../context.ts";
import { consoleBase } from "../layout.ts";
import type { ConsolePage } from "./page.ts";

export const queuesPath = `${consoleBase}/admin/queues`;

/** Headers that describe one hop's framing, not the response: the outer reply sets its own. */
const hopHeaders = new Set(["content-length", "transfer-encoding", "connection", "keep-alive"]);

/**
 * The BullMQ dashboard for admins. Its routes declare no roles, so the console guard makes
 * them admin-only. bull-board and its UI weigh about 8 MB of memory that most instances never
 * use, so the board is built on the first admin visit in a Fastify instance of its own, and
 * requests are forwarded to it in-process (`inject`, no socket).
 */
export async function queuesBoard(app: FastifyInstance, opts: { ctx: ConsoleContext }) {
  const registry = opts.ctx.deps.queues;
  let board: Promise<{ server: FastifyInstance; refresh(): void }> | undefined;

  const build = async () => {
    const [{ createBullBoard }, { BullMQAdapter }, { FastifyAdapter }] = await Promise.all([
      import("@bull-board/api"),
      import("@bull-board/api/bullMQAdapter"),
      import("@bull-board/fastify"),
    ]);
    const serverAdapter = new FastifyAdapter();
    serverAdapter.setBasePath(queuesPath);
    const adapters = () => registry.list().map((queue) => new BullMQAdapter(queue));
    let shown = registry.list().length;
    const created = createBullBoard({
      queues: adapters(),
      // @bull-board/fastify pins api 9.10.1 next to our 9.10.2: same shape, separate private fields.
      serverAdapter: serverAdapter as unknown as IServerAdapter,
      options: {
        uiConfig: { boardTitle: "Qoldau", miscLinks: [{ text: "← Console", url: consoleBase }] },
      },
    });
    const server = Fastify({ logger: false });
    await server.register(serverAdapter.registerPlugin(), { prefix: queuesPath });
    await server.ready();
    return {
      server,
      // Queues created after start (a worker that comes up later) appear on the next visit.
      refresh() {
        const now = registry.list().length;
        if (now !== shown) {
          shown = now;
          created.replaceQueues(adapters());
        }
      },
    };
  };

  const forward = async (request: FastifyRequest, reply: FastifyReply) => {
    board ??= build().catch((error: unknown) => {
      board = undefined;
      throw error;
    });
    const { server, refresh } = await board;
    refresh();
    const { host: _host, "content-length": _length, ...headers } = request.headers;
    const response = await server.inject({
      method: request.method as "GET",
      url: request.url,
      headers,
      ...(request.body === undefined ? {} : { payload: request.body as string | object }),
    });
    for (const [name, value] of Object.entries(response.headers))
      if (value !== undefined && !hopHeaders.has(name)) reply.header(name, value);
    return reply.code(response.statusCode).send(response.rawPayload);
  };
  app.all(queuesPath, forward);
  app.all(`${queuesPath}/*`, forward);

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
}

/** The navigation entry only; the board itself is mounted outside the pages scope. */
export const queuesPage: ConsolePage = {
  id: "queues",
  nav: { path: `${queuesPath}/`, labelKey: "console-nav-queues", roles: ["admin"] },
  register() {},
};
