import { Composer, InlineKeyboard } from "grammy";
import type { Answer } from "../../answers/service.ts";
import { isLanguage, type Language } from "../../i18n.ts";
import { detectPii, withoutPiiClauses } from "../../privacy/pii.ts";
import { fitPlain } from "../../telegram/limits.ts";
import type { BotContext } from "../context.ts";
import type { BotDeps, FeatureFactory } from "../deps.ts";
import { menuData } from "../keyboards/main-menu.ts";
import { cardData } from "../render/card.ts";

function answerKeyboard(deps: BotDeps, lang: Language, answer: Answer, ref?: string) {
  const keyboard = new InlineKeyboard();
  if (ref)
    keyboard
      .text(deps.i18n.t(lang, "answers-ui-helpful"), `a:${ref}:1`)
      .text(deps.i18n.t(lang, "answers-ui-not-helpful"), `a:${ref}:0`)
      .row();
  if (answer.service && deps.catalogue.getService(answer.service))
    keyboard.text(deps.i18n.t(lang, "answers-ui-open-card"), cardData.card(answer.service)).row();
  return keyboard.text(deps.i18n.t(lang, "menu-home"), menuData.home);
}

function answerText(answer: Answer): string {
  return fitPlain(answer.answer);
}

/**
 * Free text at any point: answered by the answer service in the question's language, with
 * helpful / not helpful buttons. A message with personal data (ИИН, phone, name + diagnosis) is
 * answered from its scrubbed text with a note; the original is neither stored nor logged. The
 * extractive answer is immediate; when an LLM is configured its answer replaces it later, so
 * generation never holds the chat.
 */
export const answersFeature: FeatureFactory = (deps) => {
  const feature = new Composer<BotContext>();
  const generating = Boolean(deps.config.OPENAI_API_KEY);

  feature.on("message:text", async (ctx, next) => {
    const text = ctx.message.text;
    if (text.startsWith("/")) return next();
    const pii = detectPii(text);
    const question = pii.kinds.length > 0 ? withoutPiiClauses(pii.scrubbed) || pii.scrubbed : text;
    const answer = deps.answers.answerExtractive(question);
    const lang: Language = isLanguage(answer.lang) ? answer.lang : "kk";
    if (pii.kinds.length > 0) {
      ctx.log.info({ pii: pii.kinds }, "personal data in a message; not stored");
      await ctx.reply(deps.i18n.t(lang, "answers-ui-pii-note"));
    }
    const ref = answer.outOfScope
      ? undefined
      : await deps.feedback
          .remember({ question, lang, service: answer.service, confidence: answer.confidence })
          .catch(() => undefined);
    const sent = await ctx.reply(answerText(answer), {
      reply_markup: answerKeyboard(deps, lang, answer, ref),
      link_preview_options: { is_disabled: true },
    });
    if (!generating || answer.outOfScope) return;
    const chatId = sent.chat.id;
    const log = ctx.log;
    void deps.answers
      .answer(question, { lang })
      .then(async (generated) => {
        if (generated.mode !== "generated" || generated.answer === answer.answer) return;
        await ctx.api.editMessageText(chatId, sent.message_id, answerText(generated), {
          reply_markup: answerKeyboard(deps, lang, generated, ref),
          link_preview_options: { is_disabled: true },
        });
      })
      .catch((error: Error) => log.warn({ err: error.name }, "generated answer not delivered"));
  });

  feature.callbackQuery(/^a:([A-Za-z0-9_-]{1,16}):([01])$/, async (ctx) => {
    const helpful = ctx.match[2] === "1";
    const result = await deps.feedback.record(ctx.match[1] ?? "", helpful);
    if (result === "expired") {
      await ctx.answerCallbackQuery({
        text: ctx.t("answers-ui-feedback-expired"),
        show_alert: true,
      });
      return;
    }
    await ctx.answerCallbackQuery({
      text: ctx.t(helpful ? "answers-ui-thanks" : "answers-ui-sorry"),
    });
    // Keep the card and menu buttons; drop the verdict row so it is not pressed twice.
    const rows = ctx.callbackQuery.message?.reply_markup?.inline_keyboard ?? [];
    const kept = rows.filter(
      (row) => !row.some((b) => "callback_data" in b && b.callback_data.startsWith("a:")),
    );
    await ctx
      .editMessageReplyMarkup({ reply_markup: { inline_keyboard: kept } })
      .catch(() => undefined);
  });
  return feature;
};
