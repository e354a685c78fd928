import { InlineKeyboard } from "grammy";
import { menuData } from "../callback-data.ts";
import type { BotContext } from "../context.ts";

export { menuData };

/**
 * Every feature a parent can use, reachable from /start without knowing a command. Built from
 * the texts of one language only, so it is built once per language and reused (it is immutable
 * once sent: grammY serialises it per request).
 */
function buildMainMenu(t: (key: string) => string): InlineKeyboard {
  return new InlineKeyboard()
    .text(t("menu-which-service"), menuData.flow)
    .row()
    .text(t("menu-ask"), menuData.ask)
    .row()
    .text(t("menu-status"), menuData.status)
    .row()
    .text(t("menu-subscribe"), menuData.subscribe)
    .row()
    .text(t("menu-all-services"), menuData.services)
    .row()
    .text(t("handoff-menu-button"), menuData.person)
    .row()
    .text(t("menu-contact"), menuData.contact)
    .text(t("menu-help"), menuData.help)
    .row()
    .text(t("menu-language"), menuData.language);
}

const mainMenus = new Map<string, InlineKeyboard>();
const homeKeyboards = new Map<string, InlineKeyboard>();

/** The locale `ctx.t` speaks now (the i18n middleware sets it before features run). */
function localeOf(ctx: BotContext): string {
  return ctx.t("menu-home");
}

export function mainMenuKeyboard(ctx: BotContext): InlineKeyboard {
  const key = localeOf(ctx);
  let keyboard = mainMenus.get(key);
  if (!keyboard) {
    keyboard = buildMainMenu((id) => ctx.t(id));
    mainMenus.set(key, keyboard);
  }
  return keyboard;
}

/** A single "Main menu" button, under answers and cards. */
export function homeKeyboard(ctx: BotContext): InlineKeyboard {
  const key = localeOf(ctx);
  let keyboard = homeKeyboards.get(key);
  if (!keyboard) {
    keyboard = new InlineKeyboard().text(ctx.t("menu-home"), menuData.home);
    homeKeyboards.set(key, keyboard);
  }
  return keyboard;
}
