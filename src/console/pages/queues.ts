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
