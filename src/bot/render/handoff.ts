import type { I18n } from "@grammyjs/i18n";
import { InlineKeyboard } from "grammy";
import type { CatalogueSnapshot } from "../../catalogue-holder.ts";
import type { MessageRow } from "../../handoff/messages.ts";
import type { Language } from "../../i18n.ts";
import { cardData, handoffData } from "../callback-data.ts";
import type { BotContext } from "../context.ts";
import { escapeHtml } from "../helpers/html.ts";
import { type CardSection, cardKeyboard, renderCard, renderSection } from "./card.ts";

/** A message for the parent's chat: Telegram HTML and its buttons. */
export interface RenderedHandoffMessage {
  html: string;
  keyboard?: InlineKeyboard;
}

/**
 * The card renderers read only `ctx.t`; outside an update (the delivery worker) this stands in
 * for a context speaking the conversation's language.
 */
function speaking(i18n: I18n, lang: Language): BotContext {
  return {
    t: (key: string, vars?: Record<string, string | number>) => i18n.t(lang, key, vars),
  } as unknown as BotContext;
}

/** "End the conversation" under the bot's messages while a parent waits or talks. */
export function endKeyboard(i18n: I18n, lang: Language): InlineKeyboard {
  return new InlineKeyboard().text(i18n.t(lang, "handoff-end"), handoffData.end);
}

/** 1–5 under the closing note. */
export function ratingKeyboard(conversationId: number): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  for (let stars = 1; stars <= 5; stars++)
    keyboard.text(`${stars} ⭐`, handoffData.rate(conversationId, stars));
  return keyboard;
}

/** "You are in the queue: N" (edited in place as the line moves). */
export function queueText(i18n: I18n, lang: Language, position: number): string {
  return i18n.t(lang, "handoff-queue-position", { position });
}

/**
 * A stored outgoing message as the parent sees it. Operators' messages carry their first name;
 * a card or section is rendered from the current catalogue at delivery time, exactly as the bot
 * renders it; the form is the button that starts the bot's own application form.
 */
export function renderHandoffMessage(
  i18n: I18n,
  snapshot: CatalogueSnapshot,
  lang: Language,
  message: MessageRow,
  operatorName: string | undefined,
  conversationId: number,
  at: Date,
): RenderedHandoffMessage {
  const from = operatorName
    ? `<b>${escapeHtml(i18n.t(lang, "handoff-operator-label", { name: operatorName }))}</b>\n`
    : "";
  const ctx = speaking(i18n, lang);
  switch (message.kind) {
    case "card": {
      const card = snapshot.serviceCard(message.ref ?? "", at);
      if (!card) break;
      return {
        html: `${from}${renderCard(ctx, card, lang, snapshot.catalogue.workingHours)}`,
        keyboard: cardKeyboard(ctx, card, lang),
      };
    }
    case "section": {
      const [serviceId, section] = (message.ref ?? "").split(":");
      const card = snapshot.serviceCard(serviceId ?? "", at);
      const text = card && renderSection(ctx, card, section as CardSection, lang);
      if (!text) break;
      return { html: `${from}${text}` };
    }
    case "form":
      return {
        html: `${from}${escapeHtml(message.text)}`,
        keyboard: new InlineKeyboard().text(
          i18n.t(lang, "handoff-fill-form"),
          cardData.form(message.ref ?? ""),
        ),
      };
    case "closed":
      return { html: escapeHtml(message.text), keyboard: ratingKeyboard(conversationId) };
    case "notice":
      return { html: escapeHtml(message.text) };
    case "text":
      break;
  }
  return { html: `${from}${escapeHtml(message.text)}` };
}
