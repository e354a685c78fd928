import { InlineKeyboard } from "grammy";
import { aspectSchema } from "../../answers/dialogue.ts";
import type { Answer } from "../../answers/service.ts";
import { isLanguage, type Language } from "../../i18n.ts";
import { detectPii, withoutPiiClauses } from "../../privacy/pii.ts";
import { channelOfChat } from "../../telegram/chat-channel.ts";
import { fitPlain, TEXT_LIMIT } from "../../telegram/limits.ts";
import {
  cardData,
  feedbackData,
  feedbackPattern,
  menuData,
  topicData,
  topicPattern,
} from "../callback-data.ts";
import type { BotContext } from "../context.ts";
import type { BotDeps, FeatureFactory } from "../deps.ts";
import { rememberTopic, topicOf } from "../helpers/dialogue.ts";
import { FeatureComposer } from "../helpers/feature-composer.ts";
import { escapeHtml } from "../helpers/html.ts";
import { currentLanguage } from "../helpers/language.ts";
import { rememberTurn } from "../helpers/recent-turns.ts";
import { mainMenuKeyboard } from "../keyboards/main-menu.ts";
import { startHandoff } from "./handoff.ts";

function answerKeyboard(deps: BotDeps, lang: Language, answer: Answer, ref?: string) {
  const keyboard = new InlineKeyboard();
  if (ref)
    keyboard
      .text(deps.i18n.t(lang, "answers-ui-helpful"), feedbackData(ref, true))
      .text(deps.i18n.t(lang, "answers-ui-not-helpful"), feedbackData(ref, false))
      .row();
  if (answer.service && deps.knowledge.current().catalogue.getService(answer.service))
    keyboard
      .text(deps.i18n.t(lang, "answers-ui-open-card"), cardData.card(answer.service))
      .text(deps.i18n.t(lang, "answers-ui-sources"), cardData.section(answer.service, "s"))
      .row();
  return keyboard.text(deps.i18n.t(lang, "menu-home"), menuData.home);
}

/** The answer as a parent reads it: plain text, then one source line linking the act. */
function answerHtml(deps: BotDeps, lang: Language, answer: Answer): string {
  const source = answer.source;
  const line = source
    ? `\n\n📚 ${deps.i18n.t(lang, "answers-ui-source")}: ${
        source.url
          ? `<a href="${escapeHtml(source.url)}">${escapeHtml(source.label)}</a>`
          : escapeHtml(source.label)
      }`
    : "";
  // The source line is short; the answer text gives way if the two exceed one message.
  return `${escapeHtml(fitPlain(answer.answer, TEXT_LIMIT - 300))}${line}`;
}

/** "Which service do you mean?": one button per candidate, carrying the aspect asked. */
function clarifyKeyboard(deps: BotDeps, lang: Language, answer: Answer) {
  const keyboard = new InlineKeyboard();
  for (const id of answer.clarify ?? []) {
    const service = deps.knowledge.current().catalogue.getService(id);
    if (service) keyboard.text(service.shortName[lang], topicData(id, answer.aspect)).row();
  }
  return keyboard.text(deps.i18n.t(lang, "menu-home"), menuData.home);
}

const kazakhLetters = /[әғқңөұүһі]/i;

/**
 * The language to answer in: Kazakh letters say Kazakh; otherwise a parent who chose Russian
 * gets Russian ("а если не ответят?" is too short for the detector), and the detector decides
 * the rest.
 */
async function answerLanguage(ctx: BotContext, text: string): Promise<Language | undefined> {
  if (kazakhLetters.test(text)) return "kk";
  return (await currentLanguage(ctx)) === "ru" ? "ru" : undefined;
}

/**
 * Free text at any point: answered by the answer service in the question's language, about the
 * conversation's topic when the question names no service, with helpful / not helpful
 * buttons. Conversation (greetings, thanks, a request for a person) gets its short reply and
 * the menu; a question naming no service and no topic gets "which service?" with buttons. A
 * message with personal data (ИИН, phone, name + diagnosis) is answered from its scrubbed text
 * with a note; the original is neither stored nor logged. The extractive answer is immediate;
 * when an LLM is configured its answer replaces it later, so generation never holds the chat.
 */
export const answersFeature: FeatureFactory = (deps) => {
  const feature = new FeatureComposer<BotContext>();
  const generating = Boolean(deps.config.OPENAI_API_KEY);

  feature.on("message:text", async (ctx, next) => {
    const text = ctx.message.text;
    if (text.startsWith("/")) return next();
    const pii = detectPii(text);
    const question = pii.kinds.length > 0 ? withoutPiiClauses(pii.scrubbed) || pii.scrubbed : text;
    // One snapshot for the whole update: the generated answer comes from the same catalogue.
    const { answers } = deps.knowledge.current();
    const topic = topicOf(ctx.session, deps.now());
    const preferred = await answerLanguage(ctx, question);
    const answer = answers.answerExtractive(question, {
      ...(preferred ? { lang: preferred } : {}),
      ...(topic ? { topic } : {}),
      now: deps.now(),
      view: "parent",
    });
    const lang: Language = isLanguage(answer.lang) ? answer.lang : "kk";
    void deps.questionLog.record({ channel: channelOfChat(ctx.chat?.id), question, answer });
    if (pii.kinds.length > 0) {
      ctx.log.info({ pii: pii.kinds }, "personal data in a message; not stored");
      await ctx.reply(deps.i18n.t(lang, "answers-ui-pii-note"));
    }
    // A request for a person starts the handoff to a 1414 operator.
    if (answer.conversation === "person") {
      await startHandoff(ctx, deps);
      return;
    }
    if (answer.conversation) {
      await ctx.reply(fitPlain(answer.answer), { reply_markup: mainMenuKeyboard(ctx) });
      return;
    }
    if (answer.clarify && answer.clarify.length > 0) {
      await ctx.reply(deps.i18n.t(lang, "conversation-clarify"), {
        reply_markup: clarifyKeyboard(deps, lang, answer),
      });
      return;
    }
    if (answer.topic) {
      // Still the service the guided walk led to: the walk stays part of the topic.
      const walk = topic?.flow && topic.service === answer.topic.service ? topic.flow : undefined;
      rememberTopic(ctx.session, { ...answer.topic, ...(walk ? { flow: walk } : {}) }, deps.now());
    }
    rememberTurn(ctx.session, { question, answer: answer.answer }, deps.now());
    const ref = answer.outOfScope
      ? undefined
      : await deps.feedback
          .remember({ question, lang, service: answer.service, confidence: answer.confidence })
          .catch(() => undefined);
    const sent = await ctx.reply(answerHtml(deps, lang, answer), {
      parse_mode: "HTML",
      reply_markup: answerKeyboard(deps, lang, answer, ref),
      link_preview_options: { is_disabled: true },
    });
    // A follow-up is answered about the topic; the model would see the question alone.
    if (!generating || answer.outOfScope || answer.followUp) return;
    const chatId = sent.chat.id;
    const log = ctx.log;
    void answers
      .answer(question, { lang })
      .then(async (generated) => {
        if (generated.mode !== "generated" || generated.answer === answer.answer) return;
        await ctx.api.editMessageText(chatId, sent.message_id, answerHtml(deps, lang, generated), {
          parse_mode: "HTML",
          reply_markup: answerKeyboard(deps, lang, generated, ref),
          link_preview_options: { is_disabled: true },
        });
      })
      .catch((error: Error) => log.warn({ err: error.name }, "generated answer not delivered"));
  });

  // The service picked after "which service?": the aspect asked, about that service.
  feature.callbackQuery(topicPattern, async (ctx) => {
    const service = deps.knowledge.current().catalogue.getService(ctx.match[1] ?? "");
    const aspect = aspectSchema.safeParse(ctx.match[2]);
    if (!service) {
      await ctx.answerCallbackQuery({ text: ctx.t("unhandled-stale-button"), show_alert: true });
      return;
    }
    await ctx.answerCallbackQuery();
    const lang = await currentLanguage(ctx);
    const topic = { service: service.id, ...(aspect.success ? { aspect: aspect.data } : {}) };
    const answer = deps.knowledge
      .current()
      .answers.answerTopic(topic, { lang, view: "parent", now: deps.now() });
    rememberTopic(ctx.session, topic, deps.now());
    await ctx.reply(answerHtml(deps, lang, answer), {
      parse_mode: "HTML",
      reply_markup: answerKeyboard(deps, lang, answer),
      link_preview_options: { is_disabled: true },
    });
  });

  feature.callbackQuery(feedbackPattern, async (ctx) => {
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
      (row) => !row.some((b) => "callback_data" in b && feedbackPattern.test(b.callback_data)),
    );
    // Not helpful: a person may help where the bot did not.
    if (!helpful)
      kept.unshift([{ text: ctx.t("handoff-button-person"), callback_data: menuData.person }]);
    await ctx
      .editMessageReplyMarkup({ reply_markup: { inline_keyboard: kept } })
      .catch(() => undefined);
  });
  return feature;
};
