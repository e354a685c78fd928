import { InlineKeyboard } from "grammy";
import {
  back,
  currentStep,
  type Flow,
  type FlowState,
  next,
  rewindTo,
  serviceAhead,
  startState,
} from "../../flows/flows.ts";
import type { FlowStep } from "../../flows/schemas.ts";
import type { Language } from "../../i18n.ts";
import { flowData as callbackFlowData, flowPattern } from "../callback-data.ts";
import type { BotContext } from "../context.ts";
import type { BotDeps, FeatureFactory } from "../deps.ts";
import { rememberTopic } from "../helpers/dialogue.ts";
import { FeatureComposer } from "../helpers/feature-composer.ts";
import { escapeHtml } from "../helpers/html.ts";
import { currentLanguage } from "../helpers/language.ts";
import { menuData } from "../keyboards/main-menu.ts";
import { cardKeyboard, renderCard } from "../render/card.ts";

export const MAIN_FLOW = "which-service";
const BACK = "<";
const RESTART = "^";

const flowData = (flow: Flow, stepId: string, option: string) =>
  callbackFlowData(flow.id, flow.version, stepId, option);

function navigation(ctx: BotContext, flow: Flow, state: FlowState, keyboard: InlineKeyboard) {
  const stepId = state.path[state.path.length - 1] ?? flow.start;
  if (state.path.length > 1)
    keyboard
      .text(ctx.t("flow-back"), flowData(flow, stepId, BACK))
      .text(ctx.t("flow-restart"), flowData(flow, stepId, RESTART))
      .row();
  return keyboard.text(ctx.t("menu-home"), menuData.home);
}

/** The message of a step: a question with buttons, a typed question, or a leaf's card. */
function renderStep(
  ctx: BotContext,
  deps: BotDeps,
  flow: Flow,
  state: FlowState,
  step: FlowStep,
  lang: Language,
): { text: string; keyboard: InlineKeyboard } {
  const keyboard = new InlineKeyboard();
  if (step.kind === "choice") {
    for (const option of step.options)
      keyboard.text(option.label[lang], flowData(flow, step.id, option.id)).row();
    return { text: escapeHtml(step.text[lang]), keyboard: navigation(ctx, flow, state, keyboard) };
  }
  if (step.kind === "input")
    return {
      text: `${escapeHtml(step.text[lang])}\n\n${ctx.t("flow-type-answer")}`,
      keyboard: navigation(ctx, flow, state, keyboard),
    };
  const card = deps.serviceCard(step.service);
  if (!card)
    return { text: ctx.t("card-not-found"), keyboard: navigation(ctx, flow, state, keyboard) };
  return {
    text: renderCard(
      ctx,
      card,
      lang,
      deps.knowledge.current().catalogue.workingHours,
      step.note?.[lang],
    ),
    keyboard: navigation(ctx, flow, state, cardKeyboard(ctx, card, lang)),
  };
}

type Screen = { text: string; keyboard: InlineKeyboard };
/** Rendered screens of one bot, for the current minute. */
interface ScreenCache {
  minute: number;
  screens: Map<string, Screen>;
}

async function show(
  cache: ScreenCache,
  ctx: BotContext,
  deps: BotDeps,
  flow: Flow,
  state: FlowState,
  mode: "edit" | "send",
) {
  const step = currentStep(flow, state);
  if (!step) return;
  const lang = await currentLanguage(ctx);
  // A screen depends only on the step, the language, whether Back shows and (for cards) the
  // minute; rendering it once per minute keeps Fluent and card building off the hot path.
  const minute = Math.floor(deps.now().getTime() / 60_000);
  if (minute !== cache.minute) {
    cache.screens.clear();
    cache.minute = minute;
  }
  const key = `${flow.id}:${flow.version}:${step.id}:${lang}:${state.path.length > 1}`;
  let screen = cache.screens.get(key);
  if (!screen) {
    screen = renderStep(ctx, deps, flow, state, step, lang);
    cache.screens.set(key, screen);
  }
  const { text, keyboard } = screen;
  ctx.session.flow = state;
  // The walk's answers land in the topic as soon as they settle the service (at the card, or
  // earlier when every way on ends at the same one): a question typed now is about it.
  const service = step.kind === "service" ? step.service : serviceAhead(flow, step.id);
  if (service)
    rememberTopic(
      ctx.session,
      { service, flow: { id: flow.id, path: state.path.slice(-20) } },
      deps.now(),
    );
  const options = { parse_mode: "HTML" as const, reply_markup: keyboard };
  if (mode === "edit") {
    try {
      await ctx.editMessageText(text, options);
      return;
    } catch {
      // The message is too old to edit or unchanged: send a fresh one instead.
    }
  }
  await ctx.reply(text, options);
}

/**
 * The guided "which service fits my child?" flow: questions as inline keyboards edited in
 * place, typed answers validated, Back and Start over at every step, a service card at each
 * leaf. Buttons from an older message of the same walk rewind to that step; buttons from an
 * expired session or an older version of the flow say so and start again.
 */
export const flowFeature: FeatureFactory = (deps) => {
  const feature = new FeatureComposer<BotContext>();
  const cache: ScreenCache = { minute: -1, screens: new Map() };
  const begin = async (ctx: BotContext, flowId = MAIN_FLOW) => {
    const flow = deps.flows.get(flowId);
    if (!flow) return;
    ctx.session.form = undefined;
    await show(cache, ctx, deps, flow, startState(flow), "send");
  };
  feature.command("flow", (ctx) => begin(ctx));
  feature.callbackQuery(menuData.flow, async (ctx) => {
    await ctx.answerCallbackQuery();
    await begin(ctx);
  });

  feature.callbackQuery(flowPattern, async (ctx) => {
    const [, flowId = "", version, stepId = "", option = ""] = ctx.match;
    const flow = deps.flows.get(flowId);
    if (!flow) {
      await ctx.answerCallbackQuery({ text: ctx.t("unhandled-stale-button"), show_alert: true });
      return begin(ctx);
    }
    if (version !== flow.version) {
      await ctx.answerCallbackQuery({ text: ctx.t("flow-updated"), show_alert: true });
      return begin(ctx, flow.id);
    }
    const saved = ctx.session.flow;
    let state: FlowState | undefined;
    if (saved && saved.flowId === flow.id && saved.version === flow.version)
      state = rewindTo(saved, stepId);
    else if (stepId === flow.start) state = startState(flow);
    if (!state) {
      await ctx.answerCallbackQuery({ text: ctx.t("flow-expired"), show_alert: true });
      return begin(ctx, flow.id);
    }
    if (option === RESTART || option === BACK) {
      const target = option === BACK ? back(state) : startState(flow);
      await Promise.all([ctx.answerCallbackQuery(), show(cache, ctx, deps, flow, target, "edit")]);
      return;
    }
    const result = next(flow, state, { option });
    if (!result.ok) {
      await ctx.answerCallbackQuery({ text: ctx.t("flow-expired"), show_alert: true });
      return show(cache, ctx, deps, flow, state, "send");
    }
    // The spinner stops while the new screen is on its way: two calls in parallel, not in turn.
    await Promise.all([
      ctx.answerCallbackQuery(),
      show(cache, ctx, deps, flow, result.state, "edit"),
    ]);
  });

  // A typed answer to the current `input` step; any other text falls through to the next features.
  feature.on("message:text", async (ctx, nextMiddleware) => {
    const state = ctx.session.flow;
    const flow = state && deps.flows.get(state.flowId);
    const step = flow && state && currentStep(flow, state);
    if (!flow || !state || step?.kind !== "input" || ctx.message.text.startsWith("/"))
      return nextMiddleware();
    // A question typed instead of a number goes to the answers feature, not "invalid age".
    if (
      step.input.type === "integer" &&
      !/\d/.test(ctx.message.text) &&
      ctx.message.text.length > 15
    )
      return nextMiddleware();
    const result = next(flow, state, { text: ctx.message.text });
    if (!result.ok) {
      const lang = await currentLanguage(ctx);
      const keyboard = navigation(ctx, flow, state, new InlineKeyboard());
      await ctx.reply(escapeHtml(step.invalid[lang]), {
        parse_mode: "HTML",
        reply_markup: keyboard,
      });
      return;
    }
    await show(cache, ctx, deps, flow, result.state, "send");
  });
  return feature;
};
