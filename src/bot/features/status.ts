import { InlineKeyboard, Keyboard } from "grammy";
import { parseApplicationId } from "../../applications/id.ts";
import type { LookupAnswer } from "../../applications/lookups.ts";
import type { OwnershipProof } from "../../applications/registry.ts";
import { renderAnswer, renderRequestFailure, resolveNames } from "../../applications/render.ts";
import type { DetailedStatus } from "../../applications/status.ts";
import { isLanguage, type Language } from "../../i18n.ts";
import { formatStoredDateTime } from "../../time/local-time.ts";
import { statusData } from "../callback-data.ts";
import type { BotContext } from "../context.ts";
import type { BotDeps, FeatureFactory } from "../deps.ts";
import { FeatureComposer } from "../helpers/feature-composer.ts";
import { menuData } from "../keyboards/main-menu.ts";

declare module "../context.ts" {
  interface SessionData {
    /** Owned by the status feature: the application being looked up (its ID only). */
    status?: { awaiting?: "id" | "pin"; applicationId?: string };
  }
}

const data = statusData;
/** How long a late answer is still delivered after "still checking". */
const LATE_ANSWER_MS = 60_000;

async function languageOf(ctx: BotContext): Promise<Language> {
  const locale = await ctx.i18n.getLocale();
  return isLanguage(locale) ? locale : "kk";
}

/**
 * /status: application status by ID. Consent first (recorded with its time), then a lookup
 * through the `status-lookup` queue; the answer comes at once when fast, else "still checking"
 * and the answer later. The parent proves ownership with their own contact or the receipt PIN.
 */
export const statusFeature: FeatureFactory = (deps: BotDeps) => {
  const feature = new FeatureComposer<BotContext>();
  const lookups = deps.statusLookups;
  const stillCheckingMs = deps.config.STATUS_STILL_CHECKING_MS;

  const proofKeyboard = (ctx: BotContext) =>
    new Keyboard()
      .requestContact(ctx.t("status-share-phone"))
      .text(ctx.t("status-enter-pin"))
      .oneTime()
      .resized();

  async function render(language: Language, answer: LookupAnswer) {
    const t = (key: string, vars?: Record<string, string | number>) =>
      deps.i18n.t(language, key, vars);
    const names =
      answer.outcome === "found" && answer.view === "detailed"
        ? await resolveNames(
            { db: deps.db, catalogue: deps.knowledge.current().catalogue },
            answer.status as DetailedStatus,
            language,
          )
        : undefined;
    return renderAnswer(t, answer, names);
  }

  async function lookup(ctx: BotContext, proof?: OwnershipProof) {
    const applicationId = ctx.session.status?.applicationId;
    const from = ctx.from;
    const chatId = ctx.chat?.id;
    if (!applicationId || !from || chatId === undefined) return;
    const language = await languageOf(ctx);
    const request = await lookups.requestLookup({
      applicationId,
      requester: { kind: "telegram", userId: from.id, language },
      ...(proof ? { proof } : {}),
    });
    if (!request.ok) {
      await ctx.reply(renderRequestFailure(ctx.t.bind(ctx), request));
      return;
    }
    if (request.proof === "rejected") await ctx.reply(ctx.t("status-proof-rejected"));
    const first = await lookups.waitForResult(request.jobId, stillCheckingMs);
    const markup = (answer: LookupAnswer) =>
      answer.outcome === "found" && answer.view === "coarse"
        ? { reply_markup: proofKeyboard(ctx) }
        : { reply_markup: { remove_keyboard: true as const } };
    if (first.outcome !== "pending") {
      await ctx.reply(await render(language, first), markup(first));
      return;
    }
    await ctx.reply(ctx.t("status-checking"));
    // Not awaited: the chat stays responsive while the lookup finishes.
    void lookups
      .waitForResult(request.jobId, LATE_ANSWER_MS)
      .then(async (late) => {
        const answer: LookupAnswer = late.outcome === "pending" ? { outcome: "unavailable" } : late;
        await ctx.api.sendMessage(chatId, await render(language, answer), markup(answer));
      })
      .catch((error: unknown) =>
        ctx.log.warn({ err: (error as Error).message }, "late status answer failed"),
      );
  }

  async function acceptId(ctx: BotContext, text: string) {
    const parsed = parseApplicationId(text);
    if (!parsed.ok) {
      ctx.session.status = { awaiting: "id" };
      await ctx.reply(ctx.t("status-malformed-id"));
      return;
    }
    ctx.session.status = { applicationId: parsed.id };
    const from = ctx.from;
    if (!from) return;
    if ((await lookups.consentDecision(from.id)) !== "granted") {
      await ctx.reply(ctx.t("status-consent-text"), {
        reply_markup: new InlineKeyboard()
          .text(ctx.t("status-consent-agree"), data.consentYes)
          .text(ctx.t("status-consent-refuse"), data.consentNo),
      });
      return;
    }
    await lookup(ctx);
  }

  feature.command("status", async (ctx) => {
    const argument = ctx.match.trim();
    if (argument) return acceptId(ctx, argument);
    ctx.session.status = { awaiting: "id" };
    await ctx.reply(ctx.t("status-ask-id"));
  });
  feature.callbackQuery(menuData.status, async (ctx) => {
    await ctx.answerCallbackQuery();
    ctx.session.status = { awaiting: "id" };
    await ctx.reply(ctx.t("status-ask-id"));
  });

  feature.callbackQuery([data.consentYes, data.consentNo], async (ctx) => {
    await ctx.answerCallbackQuery();
    const granted = ctx.callbackQuery.data === data.consentYes;
    const at = await lookups.recordConsent(ctx.from.id, granted ? "granted" : "refused");
    if (!granted) {
      ctx.session.status = undefined;
      await ctx.reply(ctx.t("status-consent-refused"));
      return;
    }
    await ctx.reply(ctx.t("status-consent-granted", { at: formatStoredDateTime(at) }));
    await lookup(ctx);
  });

  feature.on("message:contact", async (ctx, next) => {
    if (!ctx.session.status?.applicationId) return next();
    // Only the sender's own number proves anything; a forwarded contact is someone else's.
    if (ctx.message.contact.user_id !== ctx.from.id) {
      await ctx.reply(ctx.t("status-contact-not-own"));
      return;
    }
    await lookup(ctx, { phone: ctx.message.contact.phone_number });
  });

  feature.on("message:text", async (ctx, next) => {
    const text = ctx.message.text.trim();
    const state = ctx.session.status;
    if (state?.applicationId && text === ctx.t("status-enter-pin")) {
      ctx.session.status = { ...state, awaiting: "pin" };
      await ctx.reply(ctx.t("status-ask-pin"), { reply_markup: { remove_keyboard: true } });
      return;
    }
    if (state?.awaiting === "pin" && state.applicationId) {
      ctx.session.status = { applicationId: state.applicationId };
      await lookup(ctx, { pin: text });
      return;
    }
    // A sentence is a question for the answers feature, not a mistyped number.
    const looksLikeId = text.length <= 24 && text.split(/\s+/).length <= 3;
    if (
      (state?.awaiting === "id" && looksLikeId) ||
      (!text.startsWith("/") && parseApplicationId(text).ok)
    ) {
      await acceptId(ctx, text);
      return;
    }
    if (state?.awaiting === "id") ctx.session.status = undefined;
    return next();
  });

  return feature;
};
