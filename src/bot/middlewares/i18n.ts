import type { I18n, I18nFlavor, TranslateFunction } from "@grammyjs/i18n";
import type { MiddlewareFn } from "grammy";
import type { BotContext } from "../context.ts";

/** Translate functions kept per locale; Telegram's language codes beyond this are bound afresh. */
const BOUND_LIMIT = 64;

type Fluent = I18nFlavor["i18n"]["fluent"];

/**
 * `ctx.i18n`, `ctx.t` and `ctx.translate`, as `@grammyjs/i18n`'s own middleware gives them (with
 * `useSession`, no locale negotiator, no global translation context), at less cost per update.
 * Its middleware made five closures and an object, defined a property and awaited four times
 * before the first feature ran, for every button press, although the language is a field of
 * the session read a moment before. Here one small object per update holds the state, the
 * locale is read synchronously, and the translate function of each locale is bound once.
 * The same locale rules: the session's `__language_code`, else the Telegram client's
 * language, else the default; `setLocale` stores the language in the session.
 */
export function i18nMiddleware(i18n: Pick<I18n, "fluent">, defaultLocale: string) {
  const fluent: Fluent = i18n.fluent;
  const bound = new Map<string, TranslateFunction>();
  const translatorFor = (locale: string): TranslateFunction => {
    let translate = bound.get(locale);
    if (!translate) {
      translate = fluent.withLocale(locale) as TranslateFunction;
      if (bound.size < BOUND_LIMIT) bound.set(locale, translate);
    }
    return translate;
  };

  // Methods on the prototype, not closures per update; features call them as `ctx.i18n.…()`.
  class UpdateLocale {
    translate: TranslateFunction;
    readonly fluent = fluent;

    constructor(private readonly ctx: BotContext) {
      this.translate = translatorFor(this.negotiated());
    }

    private negotiated(): string {
      return this.ctx.session.__language_code ?? this.ctx.from?.language_code ?? defaultLocale;
    }

    getLocale(): Promise<string> {
      return Promise.resolve(this.negotiated());
    }

    useLocale(locale: string): void {
      this.translate = translatorFor(locale);
    }

    renegotiateLocale(): Promise<void> {
      this.translate = translatorFor(this.negotiated());
      return Promise.resolve();
    }

    setLocale(locale: string): Promise<void> {
      this.ctx.session.__language_code = locale;
      return this.renegotiateLocale();
    }
  }

  const middleware: MiddlewareFn<BotContext> = (ctx, next) => {
    const state = new UpdateLocale(ctx);
    ctx.i18n = state as unknown as BotContext["i18n"];
    ctx.translate = ((key: string, variables?: Record<string, unknown>) =>
      state.translate(key, variables as never)) as TranslateFunction;
    ctx.t = ctx.translate;
    return next();
  };
  return middleware;
}
