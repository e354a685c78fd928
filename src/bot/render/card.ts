import { InlineKeyboard } from "grammy";
import type { ServiceCard } from "../../cards/service-card.ts";
import type { Language } from "../../i18n.ts";
import type { WorkingHours } from "../../knowledge/schemas.ts";
import { formatShortDate, localDate, localTime } from "../../time/local-time.ts";
import { type CardSection, cardData } from "../callback-data.ts";
import type { BotContext } from "../context.ts";
import { escapeHtml } from "../helpers/html.ts";

export type { CardSection };
export { cardData };

function termText(ctx: BotContext, card: ServiceCard): string | undefined {
  const term = card.term;
  if (!term) return undefined;
  const unit = term.unit.replace("_", "-");
  const amount =
    term.amount !== undefined
      ? ctx.t(`card-unit-${unit}`, { count: term.amount })
      : ctx.t("card-range", {
          min: term.min ?? 0,
          max: ctx.t(`card-unit-${unit}`, { count: term.max ?? 0 }),
        });
  // A parent is not given an unverified figure as if it were the rule: where to check instead.
  return term.status === "current" ? amount : ctx.t("card-check");
}

function deadlineText(ctx: BotContext, card: ServiceCard, lang: Language, hours: WorkingHours) {
  const d = card.deadline;
  if (!d) return undefined;
  const due = formatShortDate(d.dueDate, lang);
  const dueTime = localTime(d.dueAt);
  if (!d.deferred)
    return ctx.t("card-deadline-today", { until: hours.reception.end, due, dueTime });
  return ctx.t("card-deadline-deferred", {
    accepted: formatShortDate(d.acceptedDate, lang),
    due,
    dueTime,
  });
}

/** Whether the provider's office takes documents now, and if not, when it next does. */
export function officeText(
  ctx: BotContext,
  card: ServiceCard,
  lang: Language,
  hours: WorkingHours,
) {
  const office = card.office;
  if (office.acceptingDocuments) return ctx.t("card-office-open", { until: hours.reception.end });
  const next = office.nextReception;
  const when = next ? `${formatShortDate(localDate(next), lang)} ${localTime(next)}` : "";
  return ctx.t(`card-office-${office.reason.replace(/_/g, "-")}`, {
    next: when,
    lunchEnd: hours.lunch.end,
  });
}

/** The card's main message: what, who, when, fee, prerequisites, sources. HTML. */
export function renderCard(
  ctx: BotContext,
  card: ServiceCard,
  lang: Language,
  hours: WorkingHours,
  note?: string,
): string {
  const lines: string[] = [];
  if (note) lines.push(`💡 ${escapeHtml(note)}`, "");
  lines.push(`<b>${escapeHtml(card.shortName[lang])}</b>`, escapeHtml(card.summary.text[lang]), "");
  if (card.redirect) lines.push(`↪️ ${escapeHtml(card.redirect.text[lang])}`, "");
  for (const p of card.prerequisites) lines.push(`⚠️ ${escapeHtml(p.text[lang])}`);
  if (card.providers.length > 0)
    lines.push(
      `👤 ${ctx.t("card-provider")}: ${escapeHtml(card.providers.map((p) => p.name[lang]).join("; "))}`,
    );
  const term = termText(ctx, card);
  if (term) lines.push(`⏱ ${ctx.t("card-term")}: ${escapeHtml(term)}`);
  const deadline = deadlineText(ctx, card, lang, hours);
  if (deadline) lines.push(`📅 ${escapeHtml(deadline)}`);
  if (card.admissionWindow) {
    const w = card.admissionWindow;
    lines.push(
      `🗓 ${ctx.t(w.openNow ? "card-window-open" : "card-window-closed", {
        start: w.start ? formatShortDate(w.start, lang) : "—",
        end: formatShortDate(w.end, lang),
      })}`,
    );
  }
  lines.push(`🏢 ${escapeHtml(officeText(ctx, card, lang, hours))}`);
  if (card.fee)
    lines.push(
      `💳 ${escapeHtml(card.fee.status === "current" ? card.fee.text[lang] : `${ctx.t("card-fee")}: ${ctx.t("card-check")}`)}`,
    );
  const sources = [...new Set(card.citations.map((c) => c.sourceTitle[lang]))].slice(0, 2);
  if (sources.length > 0)
    lines.push("", `📚 ${ctx.t("card-sources-short")}: ${escapeHtml(sources.join("; "))}`);
  return lines.join("\n");
}

/** Buttons under a card: documents per channel, egov steps, refusals, sources, form, related. */
export function cardKeyboard(ctx: BotContext, card: ServiceCard, lang: Language): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  // The practical guide first: for ПМПК it is what a parent needs before any document list.
  if (card.guide.length > 0)
    keyboard.text(`🧭 ${ctx.t("card-guide")}`, cardData.section(card.serviceId, "g")).row();
  card.channels.forEach((channel, i) => {
    if (channel.documents.length === 0) return;
    keyboard
      .text(
        `📄 ${ctx.t(`card-channel-${channel.kind.replace(/_/g, "-")}`)}`,
        cardData.section(card.serviceId, `d${i}`),
      )
      .row();
  });
  if (card.egovSteps.length > 0)
    keyboard.text(`💻 ${ctx.t("card-egov-steps")}`, cardData.section(card.serviceId, "e")).row();
  if (card.refusalGrounds.length > 0)
    keyboard.text(`❌ ${ctx.t("card-refusals")}`, cardData.section(card.serviceId, "r"));
  keyboard.text(`📚 ${ctx.t("card-sources")}`, cardData.section(card.serviceId, "s")).row();
  if (card.hasForm) keyboard.text(`📝 ${ctx.t("card-form")}`, cardData.form(card.serviceId)).row();
  for (const p of card.prerequisites)
    if (p.service)
      keyboard.text(`➡️ ${p.service.shortName[lang]}`, cardData.card(p.service.id)).row();
  for (const r of card.related.slice(0, 3))
    keyboard.text(`🔗 ${r.shortName[lang]}`, cardData.card(r.id)).row();
  return keyboard;
}

/** The text of one section of a card (HTML). */
export function renderSection(
  ctx: BotContext,
  card: ServiceCard,
  section: CardSection,
  lang: Language,
): string | undefined {
  const title = `<b>${escapeHtml(card.shortName[lang])}</b>`;
  const list = (items: string[]) =>
    items.map((item, i) => `${i + 1}. ${escapeHtml(item)}`).join("\n");
  if (section.startsWith("d")) {
    const channel = card.channels[Number(section.slice(1))];
    if (!channel) return undefined;
    const settled = channel.documents.filter((d) => d.status === "current");
    const docs = settled.map((d) => {
      const notes = d.notes.map((n) => n[lang]);
      if (!d.required) notes.unshift(ctx.t("card-doc-optional"));
      return notes.length > 0 ? `${d.name[lang]} (${notes.join("; ")})` : d.name[lang];
    });
    // Documents the sources do not settle are not listed as if they were required.
    const check =
      settled.length < channel.documents.length
        ? `\n\n${escapeHtml(ctx.t("card-check-documents"))}`
        : "";
    const where = channel.label?.[lang] ?? ctx.t(`card-channel-${channel.kind.replace(/_/g, "-")}`);
    return `${title}\n${ctx.t("card-documents-for", { where: escapeHtml(where) })}\n\n${list(docs)}${check}`;
  }
  if (section === "e")
    return `${title}\n${ctx.t("card-egov-steps")}\n\n${list(card.egovSteps.map((s) => s.text[lang]))}`;
  if (section === "r")
    return `${title}\n${ctx.t("card-refusals")}\n\n${list(card.refusalGrounds.map((s) => s.text[lang]))}`;
  if (section === "g") {
    if (card.guide.length === 0) return undefined;
    // Parents read settled sentences; what the sources do not settle says where to confirm it.
    const items = card.guide.map((item) => {
      const check =
        item.status === "current"
          ? ""
          : `\nⓘ ${escapeHtml(item.check?.[lang] ?? ctx.t("card-guide-check"))}`;
      return `<b>${escapeHtml(item.heading[lang])}</b>\n${escapeHtml(item.text[lang])}${check}`;
    });
    return `${title}\n${ctx.t("card-guide")}\n\n${items.join("\n\n")}`;
  }
  if (section === "s") {
    const lines = card.citations.map((c) => {
      const mark = c.legalStatus === "repealed" ? ` ${ctx.t("card-repealed")}` : "";
      return `${c.sourceTitle[lang]}, ${c.sectionLabel[lang]}${mark}`;
    });
    return `${title}\n${ctx.t("card-sources")}\n\n${list(lines)}`;
  }
  return undefined;
}
