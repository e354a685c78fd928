import { InlineKeyboard } from "grammy";
import type { BotContext } from "../context.ts";

/** Callback data of the main menu's buttons (short: Telegram allows 64 bytes). */
export const menuData = {
  home: "m:home",
  flow: "m:flow",
  services: "m:services",
  language: "m:lang",
  help: "m:help",
  contact: "m:contact",
} as const;

export function mainMenuKeyboard(ctx: BotContext): InlineKeyboard {
  return new InlineKeyboard()
    .text(ctx.t("menu-which-service"), menuData.flow)
    .row()
    .text(ctx.t("menu-all-services"), menuData.services)
    .row()
    .text(ctx.t("menu-contact"), menuData.contact)
    .text(ctx.t("menu-help"), menuData.help)
    .row()
    .text(ctx.t("menu-language"), menuData.language);
}

/** A single "Main menu" button, under answers and cards. */
export function homeKeyboard(ctx: BotContext): InlineKeyboard {
  return new InlineKeyboard().text(ctx.t("menu-home"), menuData.home);
}
