import { Composer, type Context, type Middleware, type MiddlewareFn } from "grammy";

type MaybeArray<T> = T | T[];

function once<C extends Context>(middleware: MaybeArray<Middleware<C>>): MiddlewareFn<C> {
  const single = Array.isArray(middleware) ? new Composer<C>(...middleware) : middleware;
  // A composer is asked for its handler at each call, as grammY does: handlers added to it
  // after registration (`feature.command(...).use(...)`) still run.
  return typeof single === "function" ? single : (ctx, next) => single.middleware()(ctx, next);
}

/**
 * The Composer every bot feature is built on. grammY's filters (`on`, `command`,
 * `callbackQuery`, `chatType`, `filter`) all end in `branch`, which it builds on `lazy`: for
 * every update and every filter it passes, an async factory, an array and a new Composer. An
 * update walks past a few dozen filters of other features before it reaches its own, and those
 * allocations and microtasks were a good part of what the bot spent per update beyond a stock
 * grammY bot. Here a branch decides with the predicate directly (awaiting it only when it
 * returns a promise) and calls middleware composed once; what runs, and in which order, is
 * the same.
 */
export class FeatureComposer<C extends Context> extends Composer<C> {
  override branch(
    predicate: (ctx: C) => boolean | Promise<boolean>,
    trueMiddleware: MaybeArray<Middleware<C>>,
    falseMiddleware: MaybeArray<Middleware<C>>,
  ): Composer<C> {
    const whenTrue = once(trueMiddleware);
    const whenFalse = once(falseMiddleware);
    return this.use(async (ctx, next) => {
      const decided = predicate(ctx);
      const matches = decided instanceof Promise ? await decided : decided;
      return matches ? whenTrue(ctx, next) : whenFalse(ctx, next);
    });
  }
}
