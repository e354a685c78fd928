import { sequentialize } from "@grammyjs/runner";
import { Bot, type BotConfig, type BotError, GrammyError, HttpError, session } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import type { AppDeps } from "../deps.ts";
import { defaultLanguage, isLanguage, type Language } from "../i18n.ts";
import { duplicateConnection } from "../infra/redis.ts";
import { botMetrics } from "../metrics/bot.ts";
import { scrubPii } from "../privacy/pii.ts";
import { retryFailedCalls } from "./api-retry.ts";
import type { BotContext, SessionData } from "./context.ts";
import type { BotDeps, FeatureFactory } from "./deps.ts";
import { answersFeature } from "./features/answers.ts";
import { captionFeature } from "./features/caption.ts";
import { cardFeature } from "./features/card.ts";
import { contactFeature } from "./features/contact.ts";
import { flowFeature } from "./features/flow.ts";
import { formFeature } from "./features/form.ts";
import { handoffFeature } from "./features/handoff.ts";
import { helpFeature } from "./features/help.ts";
import { languageFeature } from "./features/language.ts";
import { menuFeature } from "./features/menu.ts";
import { startFeature } from "./features/start.ts";
import { statusFeature } from "./features/status.ts";
import { subscriptionsFeature } from "./features/subscriptions.ts";
import { unhandledFeature } from "./features/unhandled.ts";
import { voiceFeature } from "./features/voice.ts";
import { createBotApiFetch } from "./helpers/bot-api-fetch.ts";
import { FeatureComposer } from "./helpers/feature-composer.ts";
import { languageFromCode } from "./helpers/language.ts";
import { i18nMiddleware } from "./middlewares/i18n.ts";
import { settleInterfaceLanguage } from "./middlewares/language.ts";
import { type RateLimitOptions, rateLimit } from "./middlewares/rate-limit.ts";
import { contextWithLog, updateLogger } from "./middlewares/update-logger.ts";
import { createSessionStorage } from "./session-storage.ts";
import { ignoreStaleCallbackAnswers } from "./stale-callback-answer.ts";

/** Sessions expire after 30 days without a message. */
export const SESSION_TTL_SECONDS = 30 * 24 * 3600;

/**
 * The features, in the order they see an update. TO ADD A FEATURE: write
 * `src/bot/features/<name>.ts` exporting `<name>Feature: FeatureFactory` (a Composer that calls
 * `next()` for what it does not handle) and add ONE line here. Features that consume typed text
 * (flow answers, form fields, an application number) must come before `answersFeature`, which
 * treats any remaining text as a question. `unhandledFeature` stays last.
 */
const features: FeatureFactory[] = [
  startFeature,
  languageFeature,
  menuFeature,
  // Before /cancel (help) and every text feature: an open conversation with an operator takes the text.
  handoffFeature,
  helpFeature,
  contactFeature,
  // Voice notes and captions become typed text here, for every text feature below.
  voiceFeature,
  captionFeature,
  formFeature,
  flowFeature,
  cardFeature,
  statusFeature,
  subscriptionsFeature,
  answersFeature,
  unhandledFeature,
];

export interface CreateBotOptions {
  /** Bot API root (a loopback test server); defaults to `config.TELEGRAM_API_ROOT`. */
  apiRoot?: string;
  /** Skips `getMe` (tests and the bench). */
  botInfo?: UserFromGetMe;
  /**
   * Prefix of every Redis key the bot writes (sessions, answers awaiting feedback, webhook
   * update ids); tests pass one of their own. Defaults to `qoldau:`.
   */
  redisPrefix?: string;
  /** Redis key prefix of sessions; defaults to `<redisPrefix>session:`. */
  sessionPrefix?: string;
  rateLimit?: Omit<RateLimitOptions, "onLimited">;
  /** Fixed clock for deadlines (tests). */
  now?: () => Date;
  /** Max retries of a Bot API call on 429/5xx (auto-retry). */
  maxRetryAttempts?: number;
}

/** The language to speak in an error path, where the i18n middleware may not have run. */
function fallbackLanguage(ctx: BotContext): Language {
  const stored = (ctx as Partial<BotContext>).session?.__language_code;
  return isLanguage(stored) ? stored : (languageFromCode(ctx.from?.language_code) ?? "kk");
}

/** Builds the bot: plugins, the error boundary and the features. Does not start it. */
export async function createBot(token: string, deps: AppDeps, options: CreateBotOptions = {}) {
  const botConfig: BotConfig<BotContext> = {
    client: {
      apiRoot: options.apiRoot ?? deps.config.TELEGRAM_API_ROOT,
      fetch: createBotApiFetch() as unknown as typeof fetch,
    },
    // `ctx.log` for every update, made on first use.
    ContextConstructor: contextWithLog(
      deps.logger,
    ) as unknown as BotConfig<BotContext>["ContextConstructor"],
    ...(options.botInfo ? { botInfo: options.botInfo } : {}),
  };
  const bot = new Bot<BotContext>(token, botConfig);
  bot.api.config.use(
    retryFailedCalls({ maxRetryAttempts: options.maxRetryAttempts ?? 5, maxDelaySeconds: 60 }),
  );
  bot.api.config.use(ignoreStaleCallbackAnswers);

  const { i18n } = deps;
  const now = options.now ?? (() => new Date());
  const botDeps: BotDeps = {
    ...deps,
    now,
    // Read through the holder at each use: a catalogue reload reaches the next update.
    serviceCard: (serviceId) => deps.knowledge.current().serviceCard(serviceId, now()),
  };
  const t = (lang: Language, key: string) => i18n.t(lang, key);

  const handleError = async (error: BotError<BotContext>) => {
    const { ctx } = error;
    const cause = error.error;
    const temporary = cause instanceof HttpError || isRedisError(cause);
    (ctx.log ?? deps.logger).error(
      {
        err:
          cause instanceof GrammyError
            ? { name: cause.name, method: cause.method, code: cause.error_code }
            : errorForLog(cause, temporary),
      },
      "update failed",
    );
    const lang = fallbackLanguage(ctx);
    const text = t(lang, temporary ? "errors-temporary" : "errors-generic");
    try {
      if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text, show_alert: true });
      else if (ctx.chat) await ctx.reply(text);
    } catch {
      // The user cannot be told (blocked the bot, Telegram down); the error is logged above.
    }
  };

  // The whole pipeline is one flat composer: see `FeatureComposer` for why.
  const pipeline = new FeatureComposer<BotContext>();
  pipeline.use(botMetrics(deps.metrics));
  pipeline.use(updateLogger(deps.logger));
  // One update at a time per chat, so a session is never read by two updates at once.
  pipeline.use(
    sequentialize((ctx: BotContext) => ctx.chat?.id.toString() ?? ctx.from?.id.toString()),
  );
  pipeline.use(
    rateLimit({
      ...(options.rateLimit ?? { burst: 20, perSecond: 3 }),
      onLimited: (ctx) =>
        ctx.reply(t(languageFromCode(ctx.from?.language_code) ?? "kk", "errors-too-fast")),
    }),
  );
  const guarded = pipeline.errorBoundary(handleError);
  // A connection of its own: auto-pipelining batches the session commands of concurrent updates.
  const sessionRedis = duplicateConnection(deps.redis, { enableAutoPipelining: true });
  sessionRedis.on("error", (error: Error) =>
    deps.logger.warn({ err: error.message }, "session redis connection error"),
  );
  guarded.use(
    session<SessionData, BotContext>({
      initial: () => ({}),
      storage: createSessionStorage<SessionData>(sessionRedis, SESSION_TTL_SECONDS),
      getSessionKey: (ctx) => {
        const id = ctx.chat?.id ?? ctx.from?.id;
        return id === undefined
          ? undefined
          : `${options.sessionPrefix ?? `${options.redisPrefix ?? "qoldau:"}session:`}${id}`;
      },
    }),
  );
  guarded.use(i18nMiddleware(i18n, defaultLanguage));
  guarded.use(settleInterfaceLanguage());
  for (const feature of features) guarded.use(feature(botDeps));
  bot.use(pipeline);

  const close = async () => {
    await sessionRedis.quit().catch(() => sessionRedis.disconnect());
  };
  return { bot, botDeps, close };
}

/**
 * An error as the log may see it. Any message could quote what was being processed (a parent's
 * text, a name), so only infrastructure errors (Redis, network: fixed wording) keep theirs,
 * scrubbed all the same; for others the name and where it was thrown are what we debug with.
 */
function errorForLog(cause: unknown, infrastructure: boolean) {
  const error = cause instanceof Error ? cause : new Error("non-error thrown");
  const where = error.stack
    ?.split("\n")
    .find((line) => line.trimStart().startsWith("at "))
    ?.trim()
    .replace(/^at\s+/, "")
    .slice(0, 200);
  return infrastructure
    ? { name: error.name, message: scrubPii(error.message).slice(0, 200) }
    : { name: error.name, where };
}

function isRedisError(error: unknown): boolean {
  const name = (error as Error | undefined)?.name ?? "";
  const message = (error as Error | undefined)?.message ?? "";
  return (
    /Redis|MaxRetriesPerRequest/i.test(name) ||
    /Connection is closed|ECONNREFUSED|max retries/i.test(message)
  );
}
