import { InlineKeyboard } from "grammy";
import type { HandoffContext } from "../../handoff/context.ts";
import type { Language } from "../../i18n.ts";
import { channelOfChat } from "../../telegram/chat-channel.ts";
import { formatShortDate, localDate, localTime, weekdayRange } from "../../time/local-time.ts";
import { handoffData, handoffPatterns, menuData } from "../callback-data.ts";
import type { BotContext } from "../context.ts";
import type { BotDeps, FeatureFactory } from "../deps.ts";
import { topicOf } from "../helpers/dialogue.ts";
import { FeatureComposer } from "../helpers/feature-composer.ts";
import { currentLanguage } from "../helpers/language.ts";
import { recentTurns } from "../helpers/recent-turns.ts";
import { endKeyboard, queueText } from "../render/handoff.ts";

declare module "../context.ts" {
  interface SessionData {
    /**
     * Owned by the handoff feature: asking for consent, then for the question; the open
     * conversation with an operator; or waiting for a comment after rating one.
     */
    handoff?: {
      stage?: "consent" | "question" | "comment";
      consent?: boolean;
      /** The open conversation: while set, the bot's own answering is paused for this chat. */
      conversationId?: number;
      /** The rated conversation a comment belongs to. */
      ratedId?: number;
    };
  }
}

/** Words that end the conversation when typed instead of pressing the button. */
const endWords = new Set(["end", "аяқтау", "завершить", "стоп", "тоқтату"]);

/** "чт, 17 дек., 09:00": a real day and time, never "soon". */
const when = (at: Date, lang: Language) =>
  `${formatShortDate(localDate(at), lang)}, ${localTime(at)}`;

function scheduleVariables(deps: BotDeps, lang: Language) {
  const { schedule } = deps.knowledge.current().centreHours;
  return {
    days: weekdayRange(schedule.weekdays, lang),
    hours: `${schedule.hours.start}–${schedule.hours.end}`,
  };
}

/**
 * The first step of talking to a person (menu button, the button under a not-helpful answer,
 * or the person intent): says whether operators work now, or when an answer can be expected,
 * and asks for consent to pass the conversation's context. A chat already in a conversation
 * is told where it stands instead.
 */
export async function startHandoff(ctx: BotContext, deps: BotDeps) {
  const chatId = ctx.chat?.id;
  if (chatId === undefined) return;
  const lang = await currentLanguage(ctx);
  const open = await deps.handoff.openFor(channelOfChat(chatId), String(chatId));
  if (open) {
    ctx.session.handoff = { conversationId: open.id };
    const position = await deps.handoff.position(open.id);
    await ctx.reply(
      position !== undefined
        ? ctx.t("handoff-already-waiting", { position })
        : ctx.t("handoff-already-active"),
      { reply_markup: endKeyboard(deps.i18n, lang) },
    );
    return;
  }
  const available = await deps.handoff.availability(deps.now());
  const vars = scheduleVariables(deps, lang);
  const status = available.expectedAt
    ? ctx.t(available.open ? "handoff-no-operator" : "handoff-closed-now", {
        ...vars,
        when: when(available.expectedAt, lang),
      })
    : ctx.t("handoff-open-now", vars);
  ctx.session.handoff = { stage: "consent" };
  await ctx.reply(`${status}\n\n${ctx.t("handoff-consent")}`, {
    reply_markup: new InlineKeyboard()
      .text(ctx.t("handoff-consent-yes"), handoffData.consent(true))
      .row()
      .text(ctx.t("handoff-consent-no"), handoffData.consent(false))
      .row()
      .text(ctx.t("menu-home"), menuData.home),
  });
}

/** What the parent agreed to pass: only what they typed and what the bot said, never a phone. */
function contextOf(
  ctx: BotContext,
  deps: BotDeps,
  lang: Language,
  consented: boolean,
): HandoffContext {
  if (!consented) return { consented: false, language: lang, turns: [] };
  const topic = topicOf(ctx.session, deps.now());
  const flow = ctx.session.flow;
  return {
    consented: true,
    language: lang,
    ...(topic ? { topic: topic.service } : {}),
    ...(flow && Object.keys(flow.answers).length > 0
      ? { flow: { flowId: flow.flowId, answers: flow.answers } }
      : {}),
    turns: recentTurns(ctx.session, deps.now()),
  };
}

/** Joins the queue with the question (if any): the position, or when an answer is expected. */
async function joinQueue(ctx: BotContext, deps: BotDeps, question?: string) {
  const chatId = ctx.chat?.id;
  if (chatId === undefined) return;
  const lang = await currentLanguage(ctx);
  const consented = ctx.session.handoff?.consent === true;
  const topic = consented ? (topicOf(ctx.session, deps.now())?.service ?? null) : null;
  const result = await deps.handoff.request({
    channel: channelOfChat(chatId),
    chatId: String(chatId),
    language: lang,
    topic,
    context: contextOf(ctx, deps, lang, consented),
    at: deps.now(),
    ...(question ? { question } : {}),
  });
  ctx.session.handoff = { conversationId: result.conversation.id };
  const expected = result.conversation.expectedAt ?? result.availability.expectedAt?.toISOString();
  if (result.position !== undefined && !expected) {
    const sent = await ctx.reply(queueText(deps.i18n, lang, result.position), {
      reply_markup: endKeyboard(deps.i18n, lang),
    });
    await deps.handoff.setQueueMessage(result.conversation.id, sent.message_id, result.position);
    return;
  }
  if (result.position === undefined) {
    await ctx.reply(ctx.t("handoff-already-active"), {
      reply_markup: endKeyboard(deps.i18n, lang),
    });
    return;
  }
  await ctx.reply(ctx.t("handoff-kept", { when: when(new Date(expected ?? Date.now()), lang) }), {
    reply_markup: endKeyboard(deps.i18n, lang),
  });
}

async function askRating(ctx: BotContext, conversationId: number) {
  const keyboard = new InlineKeyboard();
  for (let stars = 1; stars <= 5; stars++)
    keyboard.text(`${stars} ⭐`, handoffData.rate(conversationId, stars));
  await ctx.reply(ctx.t("handoff-rate-ask"), { reply_markup: keyboard });
}

/** The parent ends the conversation: closed, then a rating if an operator had taken it. */
async function endConversation(ctx: BotContext, deps: BotDeps) {
  const id = ctx.session.handoff?.conversationId;
  ctx.session.handoff = undefined;
  if (id === undefined) {
    await ctx.reply(ctx.t("handoff-ended-by-parent"));
    return;
  }
  const before = await deps.handoff.conversation(id);
  await deps.handoff.endByParent(id);
  await ctx.reply(ctx.t("handoff-ended-by-parent"));
  if (before?.status === "active") await askRating(ctx, id);
}

/**
 * Talking to a 1414 operator. Registered before the features that answer typed text: while a
 * conversation is open, the parent's text goes to the operator and the bot does not answer it;
 * "End" or /cancel ends it, and the bot answers again. Operators' messages reach the chat
 * through the delivery worker (`src/workers/handoff-delivery.ts`), not through this feature.
 */
export const handoffFeature: FeatureFactory = (deps) => {
  const feature = new FeatureComposer<BotContext>();

  feature.callbackQuery(menuData.person, async (ctx) => {
    await ctx.answerCallbackQuery();
    await startHandoff(ctx, deps);
  });

  feature.callbackQuery(handoffPatterns.consent, async (ctx) => {
    await ctx.answerCallbackQuery();
    if (ctx.session.handoff?.stage !== "consent") {
      await ctx.reply(ctx.t("unhandled-stale-button"));
      return;
    }
    ctx.session.handoff = { stage: "question", consent: ctx.match[1] === "y" };
    await ctx.reply(ctx.t("handoff-ask-question"), {
      reply_markup: new InlineKeyboard().text(ctx.t("handoff-skip"), handoffData.skip),
    });
  });

  feature.callbackQuery(handoffData.skip, async (ctx) => {
    await ctx.answerCallbackQuery();
    if (ctx.session.handoff?.stage !== "question") return;
    await joinQueue(ctx, deps);
  });

  feature.callbackQuery(handoffData.end, async (ctx) => {
    await ctx.answerCallbackQuery();
    await ctx.editMessageReplyMarkup({ reply_markup: undefined }).catch(() => undefined);
    await endConversation(ctx, deps);
  });

  feature.callbackQuery(handoffPatterns.rate, async (ctx) => {
    const id = Number(ctx.match[1]);
    const stars = Number(ctx.match[2]);
    const rated = await deps.handoff.rate(id, String(ctx.chat?.id ?? ""), stars);
    if (!rated) {
      await ctx.answerCallbackQuery({ text: ctx.t("handoff-rate-expired") });
      return;
    }
    await ctx.answerCallbackQuery({ text: ctx.t("handoff-rate-thanks") });
    await ctx.editMessageReplyMarkup({ reply_markup: undefined }).catch(() => undefined);
    ctx.session.handoff = { stage: "comment", ratedId: id };
    await ctx.reply(ctx.t("handoff-comment-ask"), {
      reply_markup: new InlineKeyboard().text(ctx.t("handoff-skip"), handoffData.skipComment),
    });
  });

  feature.callbackQuery(handoffData.skipComment, async (ctx) => {
    await ctx.answerCallbackQuery({ text: ctx.t("handoff-rate-thanks") });
    await ctx.editMessageReplyMarkup({ reply_markup: undefined }).catch(() => undefined);
    if (ctx.session.handoff?.stage === "comment") ctx.session.handoff = undefined;
  });

  feature.on("message", async (ctx, next) => {
    let state = ctx.session.handoff;
    // A session that knows nothing (Redis lost it, or it expired) may belong to a chat whose
    // conversation is still open: the database is the record, so the operator keeps the chat.
    if (!state && !ctx.session.dialogue && !ctx.session.flow && !ctx.session.form) {
      const open = await deps.handoff.openFor(channelOfChat(ctx.chat.id), String(ctx.chat.id));
      if (open) {
        state = { conversationId: open.id };
        ctx.session.handoff = state;
      }
    }
    if (!state) return next();
    const text = ctx.message.text;
    const command = text?.startsWith("/") ? text.split(/[\s@]/)[0] : undefined;

    if (state.stage === "consent" || state.stage === "question") {
      if (command === "/cancel") {
        ctx.session.handoff = undefined;
        await ctx.reply(ctx.t("help-cancelled"));
        return;
      }
      if (state.stage === "question" && text && !command) return joinQueue(ctx, deps, text);
      // Anything else (a command, a menu) leaves the set-up behind.
      ctx.session.handoff = undefined;
      return next();
    }

    if (state.stage === "comment") {
      ctx.session.handoff = undefined;
      if (!text || command || state.ratedId === undefined) return next();
      await deps.handoff.comment(state.ratedId, String(ctx.chat.id), text);
      await ctx.reply(ctx.t("handoff-comment-thanks"));
      return;
    }

    if (state.conversationId === undefined) return next();
    const conversation = await deps.handoff.conversation(state.conversationId);
    if (!conversation || conversation.status === "closed") {
      // Closed by the operator: the bot answers again from this message on.
      ctx.session.handoff = undefined;
      return next();
    }
    if (command === "/cancel" || (text && endWords.has(text.trim().toLowerCase())))
      return endConversation(ctx, deps);
    // The application form the operator offered takes its fields here.
    if (command || ctx.session.form?.awaiting) return next();
    if (!text) {
      await ctx.reply(ctx.t("handoff-only-text"));
      return;
    }
    await deps.handoff.parentMessage(conversation.id, text);
  });

  return feature;
};
