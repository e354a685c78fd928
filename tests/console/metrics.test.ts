import { Bot } from "grammy";
import { describe, expect, it } from "vitest";
import { botMetrics } from "../../src/metrics/bot.ts";
import { createMetrics, createQueueRegistry } from "../../src/metrics/registry.ts";

describe("metrics", () => {
  it("counts bot updates by type", async () => {
    const metrics = createMetrics(createQueueRegistry());
    const bot = new Bot("123:test", {
      botInfo: {
        id: 1,
        is_bot: true,
        first_name: "Qoldau",
        username: "qoldau_bot",
        can_join_groups: false,
        can_read_all_group_messages: false,
        supports_inline_queries: false,
        can_connect_to_business: false,
        has_main_web_app: false,
      } as never,
    });
    bot.use(botMetrics(metrics));
    const chat = { id: 7, type: "private" as const, first_name: "A" };
    const from = { id: 7, is_bot: false, first_name: "A" };
    await bot.handleUpdate({
      update_id: 1,
      message: { message_id: 1, date: 0, chat, from, text: "hi" },
    });
    await bot.handleUpdate({
      update_id: 2,
      message: { message_id: 2, date: 0, chat, from, text: "hi" },
    });
    const text = await metrics.registry.metrics();
    expect(text).toMatch(/qoldau_bot_updates_total\{[^}]*type="message"[^}]*\} 2/);
  });

  it("keeps each app's registry separate, so two apps in one process do not clash", async () => {
    const a = createMetrics(createQueueRegistry());
    const b = createMetrics(createQueueRegistry());
    a.consoleLogins.inc({ outcome: "ok" });
    expect(await b.registry.metrics()).not.toMatch(/qoldau_console_logins_total\{[^}]*\} 1/);
  });
});
