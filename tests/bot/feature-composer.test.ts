import { Api, Composer, Context, type MiddlewareFn } from "grammy";
import type { Update, UserFromGetMe } from "grammy/types";
import { describe, expect, it } from "vitest";
import { FeatureComposer } from "../../src/bot/helpers/feature-composer.ts";

const me = { id: 1, is_bot: true, first_name: "Qoldau", username: "qoldau_bot" } as UserFromGetMe;
const from = { id: 7, is_bot: false, first_name: "Ата-ана" };
const chat = { id: 7, type: "private" as const, first_name: "Ата-ана" };
const updates: Update[] = [
  {
    update_id: 1,
    message: {
      message_id: 1,
      date: 0,
      chat,
      from,
      text: "/start",
      entities: [{ type: "bot_command", offset: 0, length: 6 }],
    },
  },
  { update_id: 2, message: { message_id: 2, date: 0, chat, from, text: "үйде оқыту" } },
  {
    update_id: 3,
    callback_query: { id: "q", from, chat_instance: "c", data: "f:which:1:health" },
  },
  { update_id: 4, callback_query: { id: "q", from, chat_instance: "c", data: "x:other" } },
  { update_id: 5, message: { message_id: 3, date: 0, chat, from, sticker: {} as never } },
];

/** Two features and a fallback, as bot.ts chains them, recording what ran. */
function build(Kind: typeof Composer<Context>, seen: string[]) {
  const root = new Composer<Context>();
  const first = new Kind();
  first.command("start", () => void seen.push("start"));
  first.callbackQuery(
    /^f:/,
    (_ctx, next) => {
      seen.push("flow-a");
      return next();
    },
    () => void seen.push("flow-b"),
  );
  // An array on either side of a branch, as grammY allows.
  first.branch((ctx) => ctx.callbackQuery?.data === "x:other", [() => void seen.push("x")], []);
  first.filter(
    async (ctx) => ctx.message?.text === "үйде оқыту",
    (_ctx, next) => {
      seen.push("async-predicate");
      return next();
    },
  );
  const second = new Kind();
  const text = second.on("message:text");
  // Added after registration: still runs.
  text.use(() => void seen.push("text"));
  second.chatType("private").on("message:sticker", () => void seen.push("sticker"));
  root.use(first, second);
  root.use(() => void seen.push("unhandled"));
  return root.middleware();
}

/**
 * The trace `setup`'s middleware leaves over `run`, under grammY's Composer and under ours:
 * checked to be the same, and returned for the test to check against what it expects.
 */
async function traceUnderBoth(
  setup: (Kind: typeof Composer<Context>, seen: string[]) => MiddlewareFn<Context>,
  run: Update[] = updates,
): Promise<string[]> {
  const traces: string[][] = [];
  for (const Kind of [Composer, FeatureComposer] as (typeof Composer<Context>)[]) {
    const seen: string[] = [];
    const middleware = setup(Kind, seen);
    for (const update of run) {
      seen.push(`#${update.update_id}`);
      await middleware(new Context(update, new Api("t"), me), async () => {});
    }
    traces.push(seen);
  }
  expect(traces[1]).toEqual(traces[0]);
  return traces[1] ?? [];
}

describe("the feature composer", () => {
  it("runs the same handlers in the same order as grammY's Composer", async () => {
    expect(await traceUnderBoth(build)).toEqual([
      "#1",
      "start",
      "#2",
      "async-predicate",
      "text",
      "#3",
      "flow-a",
      "flow-b",
      "#4",
      "x",
      "#5",
      "sticker",
    ]);
  });

  it("catches a feature's error in the error boundary, sync or async, as grammY does", async () => {
    const trace = await traceUnderBoth(
      (Kind, seen) => {
        const root = new Kind();
        root.use((_ctx, next) => {
          seen.push("before");
          return next();
        });
        const guarded = root.errorBoundary((error, next) => {
          seen.push(`caught ${(error.error as Error).message}`);
          return next();
        });
        const feature = new Kind();
        feature.command("start", () => {
          throw new Error("sync");
        });
        feature.on("message:text", async () => {
          await Promise.resolve();
          throw new Error("async");
        });
        feature.on("callback_query:data", async (_ctx, next) => {
          await next();
          await next();
        });
        guarded.use(feature);
        guarded.use(() => void seen.push("next feature"));
        root.use(() => void seen.push("after the boundary"));
        return root.middleware();
      },
      updates.slice(0, 3),
    );
    expect(trace).toEqual([
      "#1",
      "before",
      "caught sync",
      "after the boundary",
      "#2",
      "before",
      "caught async",
      "after the boundary",
      "#3",
      "before",
      "next feature",
      "caught `next` already called before!",
      "after the boundary",
    ]);
  });

  it("catches a filter that throws while deciding, sync or async, as grammY does", async () => {
    const trace = await traceUnderBoth(
      (Kind, seen) => {
        const root = new Kind();
        const guarded = root.errorBoundary((error) => {
          seen.push(`caught ${(error.error as Error).message}`);
        });
        const feature = new Kind();
        feature.filter(
          (ctx) => {
            if (ctx.message?.text === "/start") throw new Error("sync predicate");
            return false;
          },
          () => void seen.push("never"),
        );
        feature.filter(
          async (ctx) => {
            if (ctx.message?.text === "үйде оқыту") throw new Error("async predicate");
            return ctx.callbackQuery !== undefined;
          },
          (_ctx, next) => {
            seen.push("callback");
            return next();
          },
        );
        guarded.use(feature);
        guarded.use(() => void seen.push("next feature"));
        return root.middleware();
      },
      updates.slice(0, 3),
    );
    expect(trace).toEqual([
      "#1",
      "caught sync predicate",
      "#2",
      "caught async predicate",
      "#3",
      "callback",
      "next feature",
    ]);
  });

  it("hands back a filter's synchronous throw as a rejected promise, never a throw, as grammY does", async () => {
    // What the caller (the runner's sink, another composer) gets: a promise it can wait on.
    for (const Kind of [Composer, FeatureComposer] as (typeof Composer<Context>)[]) {
      const feature = new Kind();
      feature.filter(
        () => {
          throw new Error("sync predicate");
        },
        () => undefined,
      );
      let outcome: unknown;
      expect(() => {
        outcome = feature.middleware()(
          new Context(updates[0] as Update, new Api("t"), me),
          async () => {},
        );
      }).not.toThrow();
      await expect(outcome).rejects.toThrow("sync predicate");
    }
  });
});
