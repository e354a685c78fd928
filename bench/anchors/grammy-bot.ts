/**
 * Anchor for `bench:bot`: a stock grammY bot doing the same navigation with the same transport
 * optimisations as Qoldau's (the keep-alive `fetch` of `src/bot/helpers/bot-api-fetch.ts`,
 * @grammyjs/runner, `sequentialize` per chat, sessions in Redis through
 * `@grammyjs/storage-redis` on an auto-pipelined connection), and nothing else: no i18n, no
 * features, no logging, no metrics. `/flow` shows a keyboard; each press answers the callback
 * and edits the screen to the next one (buttons ending `:health`, `:yes`, `:<`), keeping the
 * path in the session, as the flow feature does. Given the screens Qoldau showed (as `bench:bot`
 * gives them unless told `--anchor-screens own`), it shows those, so both send the same bytes.
 */
import { run, sequentialize } from "@grammyjs/runner";
import { RedisAdapter } from "@grammyjs/storage-redis";
import { Bot, type Context, InlineKeyboard, type SessionFlavor, session } from "grammy";
import type { InlineKeyboardMarkup, MessageEntity } from "grammy/types";
import { Redis } from "ioredis";
import type { createBotApiFetch } from "../../src/bot/helpers/bot-api-fetch.ts";

type AnchorContext = Context & SessionFlavor<{ path: string[] }>;

/**
 * Screens to show instead of the anchor's own, by `<language>:<step>` (`kk:start`, `ru:yes`...):
 * `bench:bot` (by default) hands over the screens Qoldau showed at the same steps,
 * so both bots send and receive the same bytes per press.
 */
export type AnchorScreens = Record<
  string,
  { text: string; entities?: MessageEntity[]; reply_markup: InlineKeyboardMarkup }
>;

const screen = (path: string[]) => {
  const step = path.at(-1) ?? "start";
  const keyboard = new InlineKeyboard()
    .text("Денсаулық жағдайы", `f:which:1a2b3c:${step}:health`)
    .row()
    .text("Иә", `f:which:1a2b3c:${step}:yes`)
    .row()
    .text("Артқа", `f:which:1a2b3c:${step}:<`)
    .text("Басынан", `f:which:1a2b3c:${step}:^`)
    .row();
  return { text: `Қадам ${path.length}: ${step}`, keyboard };
};

/** The anchor bot, not started (`bench/bot-inprocess.ts --anchor` feeds it updates itself). */
export function createAnchorBot(
  token: string,
  apiRoot: string,
  /** Qoldau's keep-alive `fetch` (`src/bot/helpers/bot-api-fetch.ts`), as the bench loaded Qoldau's. */
  botApiFetch: typeof createBotApiFetch,
  redis: Redis,
  screens?: AnchorScreens,
) {
  const bot = new Bot<AnchorContext>(token, {
    client: { apiRoot, fetch: botApiFetch() as unknown as typeof fetch },
    botInfo: {
      id: 1,
      is_bot: true,
      first_name: "Anchor",
      username: "anchor_bot",
      can_join_groups: false,
      can_read_all_group_messages: false,
      supports_inline_queries: false,
      can_connect_to_business: false,
      has_main_web_app: false,
    } as AnchorContext["me"],
  });
  bot.use(sequentialize((ctx: Context) => ctx.chat?.id.toString()));
  bot.use(
    session({
      initial: () => ({ path: [] as string[] }),
      storage: new RedisAdapter({ instance: redis, ttl: 30 * 24 * 3600 }),
      getSessionKey: (ctx) => (ctx.chat ? `anchor:${process.pid}:${ctx.chat.id}` : undefined),
    }),
  );
  /** The screen at the session's step: Qoldau's when given, else the anchor's own. */
  const view = (ctx: AnchorContext) => {
    const shown = screens?.[`${ctx.from?.language_code}:${ctx.session.path.at(-1)}`];
    if (shown)
      return {
        text: shown.text,
        options: {
          ...(shown.entities ? { entities: shown.entities } : {}),
          reply_markup: shown.reply_markup,
        },
      };
    const { text, keyboard } = screen(ctx.session.path);
    return { text, options: { reply_markup: keyboard } };
  };
  bot.command("flow", async (ctx) => {
    ctx.session.path = ["start"];
    const { text, options } = view(ctx);
    await ctx.reply(text, options);
  });
  bot.callbackQuery(/^f:/, async (ctx) => {
    const option = ctx.callbackQuery.data.split(":").at(-1) ?? "";
    if (option === "<") ctx.session.path.pop();
    else ctx.session.path.push(option);
    await ctx.answerCallbackQuery();
    const { text, options } = view(ctx);
    await ctx.editMessageText(text, options);
  });
  bot.catch(() => undefined);
  return bot;
}

export async function startAnchorBot(
  token: string,
  apiRoot: string,
  botApiFetch: typeof createBotApiFetch,
  redisUrl: string,
  screens?: AnchorScreens,
) {
  const redis = new Redis(redisUrl, { enableAutoPipelining: true });
  const bot = createAnchorBot(token, apiRoot, botApiFetch, redis, screens);
  const runner = run(bot, { runner: { fetch: { timeout: 30 }, silent: true } });
  return {
    async stop() {
      await runner.stop();
      await redis.quit();
    },
  };
}
