import type { InlineKeyboard } from "grammy";
import type { Message } from "grammy/types";
import { splitHtml } from "../../telegram/limits.ts";
import type { BotContext } from "../context.ts";

/**
 * Sends an HTML text that may exceed one message (a card's full list of sources): split at safe
 * boundaries by `splitHtml`, the buttons under the last part only. Returns the last message.
 */
export async function replyHtml(
  ctx: BotContext,
  html: string,
  keyboard?: InlineKeyboard,
): Promise<Message.TextMessage> {
  const parts = splitHtml(html);
  let last: Message.TextMessage | undefined;
  for (const [i, part] of parts.entries())
    last = await ctx.reply(part, {
      parse_mode: "HTML",
      link_preview_options: { is_disabled: true },
      ...(keyboard && i === parts.length - 1 ? { reply_markup: keyboard } : {}),
    });
  return last as Message.TextMessage;
}
