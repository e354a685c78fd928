import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { ConsoleContext } from "../context.ts";
import type { NavItem, PageOptions } from "../layout.ts";

/**
 * One console page (or group of routes): `src/console/pages/<name>.ts` exports a ConsolePage
 * and `pages/index.ts` lists it. Every route declares `config: { roles: [...] }`; a route that
 * declares none is admin-only. `ctx.render` draws the shared layout.
 */
export interface ConsolePage {
  id: string;
  nav?: NavItem;
  register(app: FastifyInstance, ctx: PageContext): Promise<void> | void;
}

export interface PageContext extends ConsoleContext {
  render(request: FastifyRequest, reply: FastifyReply, options: PageOptions): FastifyReply;
}
