import { Bot, GrammyError, InlineKeyboard, InputFile } from "grammy";
import { afterEach, describe, expect, it } from "vitest";
import {
  inlineButtons,
  startTelegramApiServer,
  type TelegramApiServer,
  type TelegramApiServerOptions,
} from "./telegram-api/index.ts";

const servers: TelegramApiServer[] = [];
const bots: Bot[] = [];

async function start(options: TelegramApiServerOptions = {}) {
  const server = await startTelegramApiServer(options);
  servers.push(server);
  return server;
}

function makeBot(server: TelegramApiServer, token = server.token) {
  const bot = new Bot(token, { client: { apiRoot: server.apiRoot } });
  bots.push(bot);
  return bot;
}

// A tiny bot: echoes text with a button, answers the button by editing its message.
function echoBot(server: TelegramApiServer, seen: number[] = []) {
  const bot = makeBot(server);
  bot.on("message:text", async (ctx) => {
    seen.push(ctx.update.update_id);
    await ctx.reply(`echo: ${ctx.message.text}`, {
      reply_markup: new InlineKeyboard().text("Көбірек", "more"),
    });
  });
  bot.callbackQuery("more", async (ctx) => {
    await ctx.answerCallbackQuery({ text: "ok" });
    await ctx.editMessageText("<b>more</b> &amp; more", { parse_mode: "HTML" });
  });
  return bot;
}

function run(bot: Bot) {
  void bot.start({ timeout: 1, drop_pending_updates: false });
}

afterEach(async () => {
  for (const bot of bots.splice(0)) if (bot.isRunning()) await bot.stop();
  for (const server of servers.splice(0)) await server.close();
});

async function apiError(promise: Promise<unknown>): Promise<GrammyError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof GrammyError) return error;
    throw error;
  }
  throw new Error("expected a GrammyError");
}

describe("loopback Telegram Bot API server", () => {
  it("lets an unchanged grammY bot talk to a simulated user, buttons and edits included", async () => {
    const server = await start({ limits: false });
    const bot = echoBot(server);
    run(bot);
    const aigerim = server.user({ id: 1001, firstName: "Айгерім", languageCode: "kk" });
    aigerim.sendText("сәлем");
    const reply = await aigerim.waitForMessage();
    expect(reply.text).toBe("echo: сәлем");
    expect(reply.from?.id).toBe(server.botInfo.id);
    expect(reply.chat.id).toBe(1001);
    expect(inlineButtons(reply)).toEqual([{ text: "Көбірек", callbackData: "more" }]);

    const query = aigerim.pressButton(reply, "more");
    const edited = await aigerim.waitForMessage((m) => m.edit_date !== undefined);
    expect(edited.message_id).toBe(reply.message_id);
    expect(edited.text).toBe("more & more");
    expect(edited.entities).toEqual([{ type: "bold", offset: 0, length: 4 }]);
    expect(inlineButtons(edited)).toEqual([]);
    expect(await aigerim.waitForCallbackAnswer(query.id)).toMatchObject({ text: "ok" });
    expect(aigerim.messages()).toHaveLength(1);
    // The edited message no longer shows the button: a stale press is impossible.
    expect(() => aigerim.pressButton(edited, "more")).toThrow(/no button/);
    expect(server.calls.count("sendMessage")).toBe(1);
    expect(server.calls.forChat(1001).map((c) => c.method)).toContain("editmessagetext");
  });

  it("keeps unconfirmed updates for a restarted bot: none lost, none processed twice", async () => {
    const server = await start({ limits: false });
    const user = server.user({ id: 2002, languageCode: "ru" });
    const seen: number[] = [];
    const first = echoBot(server, seen);
    run(first);
    user.sendText("1");
    await user.waitForMessage();
    await first.stop();

    // Created while no bot runs; a raw getUpdates without offset sees them but does not confirm.
    user.sendText("2");
    user.sendText("3");
    const peek = await makeBot(server).api.getUpdates({ timeout: 0 });
    expect(peek.map((u) => u.message?.text)).toEqual(["2", "3"]);

    const second = echoBot(server, seen);
    run(second);
    await user.waitForMessage((m) => m.text === "echo: 3");
    await server.waitUntilConfirmed();
    expect(seen).toEqual([1, 2, 3]);
    expect(user.messages().map((m) => m.text)).toEqual(["echo: 1", "echo: 2", "echo: 3"]);
    expect(server.stats.updates).toMatchObject({ created: 3, confirmed: 3, pending: 0 });
  });

  it("holds a long poll about as long as asked and answers early when an update arrives", async () => {
    const server = await start();
    const api = makeBot(server).api;
    let t = performance.now();
    expect(await api.getUpdates({ timeout: 1 })).toEqual([]);
    const held = performance.now() - t;
    expect(held).toBeGreaterThan(950);
    expect(held).toBeLessThan(1500);

    t = performance.now();
    const poll = api.getUpdates({ timeout: 5, allowed_updates: ["message"] });
    setTimeout(() => server.user({ id: 3003 }).sendCommand("/start"), 100);
    const updates = await poll;
    expect(performance.now() - t).toBeLessThan(1000);
    expect(updates[0]?.message?.entities).toEqual([{ type: "bot_command", offset: 0, length: 6 }]);
  });

  it("answers 429 with retry_after over the per-chat limit and under the fault", async () => {
    const server = await start({ limits: { globalPerSecond: 30, perChatPerSecond: 1 } });
    const api = makeBot(server).api;
    server.user({ id: 4004 });
    await api.sendMessage(4004, "first");
    const limited = await apiError(api.sendMessage(4004, "second"));
    expect(limited.error_code).toBe(429);
    expect(limited.parameters.retry_after).toBe(1);
    expect(limited.description).toBe("Too Many Requests: retry after 1");

    server.user({ id: 4005 });
    server.faults.set({ rate429: { everyNth: 1, retryAfter: 7 } });
    const faulted = await apiError(api.sendMessage(4005, "x"));
    expect(faulted.error_code).toBe(429);
    expect(faulted.parameters.retry_after).toBe(7);
    server.faults.clear();
    await api.sendMessage(4005, "after the storm");
    expect(server.stats).toMatchObject({
      tooManyRequests: 2,
      tooManyRequestsByLimit: 1,
      tooManyRequestsByFault: 1,
      messagesSent: 2,
      maxPerChatRate: 1,
    });
  });

  it("enforces the global rate over many chats", async () => {
    // The limits' clock stands still while the sends arrive, so however slowly a loaded
    // machine delivers the 40 requests, they all fall within one second.
    let now = 1_000_000;
    const server = await start({
      limits: { globalPerSecond: 30, perChatPerSecond: 1 },
      clock: () => now,
    });
    const api = makeBot(server).api;
    const burst = (first: number) =>
      Promise.allSettled(
        Array.from({ length: 40 }, (_, i) => {
          server.user({ id: first + i });
          return api.sendMessage(first + i, "reminder");
        }),
      );
    const results = await burst(5000);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(30);
    expect(server.stats.maxGlobalRate).toBe(30);
    expect(server.stats.tooManyRequestsByLimit).toBe(10);
    // A second later the window has moved on: 30 more go out, never more than 30 in a second.
    now += 1000;
    const later = await burst(6000);
    expect(later.filter((r) => r.status === "fulfilled")).toHaveLength(30);
    expect(server.stats.maxGlobalRate).toBe(30);
    expect(server.stats.tooManyRequestsByLimit).toBe(20);
  });

  it("answers 403 for a user who blocked the bot and queues my_chat_member kicked", async () => {
    const server = await start({ limits: false });
    const api = makeBot(server).api;
    const user = server.user({ id: 6006 });
    user.block();
    const error = await apiError(api.sendMessage(6006, "hello"));
    expect(error.error_code).toBe(403);
    expect(error.description).toBe("Forbidden: bot was blocked by the user");
    const [update] = await api.getUpdates({ timeout: 0 });
    expect(update?.my_chat_member?.new_chat_member.status).toBe("kicked");
    expect(update?.my_chat_member?.from.id).toBe(6006);
    user.unblock();
    await api.sendMessage(6006, "welcome back");
    expect(user.lastMessage()?.text).toBe("welcome back");
    expect(server.stats.forbidden).toBe(1);
  });

  it("switches on 5xx, and 5xx after delivery (the answer is lost, the message is not)", async () => {
    const server = await start({ limits: false });
    const api = makeBot(server).api;
    const user = server.user({ id: 7007 });
    server.faults.set({ rate5xx: { everyNth: 2, status: 502 } });
    await api.sendMessage(7007, "one");
    expect((await apiError(api.sendMessage(7007, "two"))).error_code).toBe(502);
    server.faults.set({ rate5xx: { probability: 1, deliver: true } });
    expect((await apiError(api.sendMessage(7007, "three"))).error_code).toBe(500);
    server.faults.clear();
    expect(user.messages().map((m) => m.text)).toEqual(["one", "three"]);
    expect(server.stats.serverErrors).toBe(2);
  });

  it("hangs then answers 502 under the timeout fault, and adds latency", async () => {
    const server = await start({ limits: false });
    const api = makeBot(server).api;
    server.user({ id: 8008 });
    server.faults.set({ timeout: { everyNth: 1, afterMs: 300 } });
    const t = performance.now();
    expect((await apiError(api.sendMessage(8008, "x"))).error_code).toBe(502);
    expect(performance.now() - t).toBeGreaterThan(280);
    server.faults.set({ latencyMs: 150 });
    const t2 = performance.now();
    await api.sendMessage(8008, "slow");
    expect(performance.now() - t2).toBeGreaterThan(140);
  });

  it("records multipart documents with name, caption and content", async () => {
    const server = await start({ limits: false });
    const api = makeBot(server).api;
    const user = server.user({ id: 9009 });
    const content = Buffer.from("Өтініш / Заявление №42\n");
    const sent = await api.sendDocument(9009, new InputFile(content, "өтініш.txt"), {
      caption: "Сіздің өтінішіңіз",
      reply_markup: new InlineKeyboard().text("OK", "ok"),
    });
    expect(sent.document).toMatchObject({ file_name: "өтініш.txt", file_size: content.length });
    expect(sent.caption).toBe("Сіздің өтінішіңіз");
    expect(inlineButtons(sent)).toEqual([{ text: "OK", callbackData: "ok" }]);
    const [doc] = user.documents();
    expect(doc?.content.equals(content)).toBe(true);
    const file = await api.getFile(sent.document?.file_id ?? "");
    const download = await fetch(`${server.apiRoot}/file/bot${server.token}/${file.file_path}`);
    expect(Buffer.from(await download.arrayBuffer()).equals(content)).toBe(true);
  });

  it("rejects what Telegram rejects: wrong token, unknown method, bad markup, unmodified edit", async () => {
    const server = await start({ limits: false });
    const wrong = makeBot(server, "123456789:wrong").api;
    expect((await apiError(wrong.getMe())).error_code).toBe(401);
    const api = makeBot(server).api;
    const unknown = await apiError(api.raw.sendDice({ chat_id: 1 }));
    expect(unknown.error_code).toBe(404);
    expect(unknown.description).toBe("Not Found: method not found");
    server.user({ id: 1111 });
    const html = await apiError(api.sendMessage(1111, "a < b", { parse_mode: "HTML" }));
    expect(html.description).toMatch(/^Bad Request: can't parse entities/);
    const md = await apiError(api.sendMessage(1111, "1.5 жыл", { parse_mode: "MarkdownV2" }));
    expect(md.description).toMatch(/Character '\.' is reserved/);
    const data = await apiError(
      api.sendMessage(1111, "x", { reply_markup: new InlineKeyboard().text("x", "d".repeat(65)) }),
    );
    expect(data.description).toBe("Bad Request: BUTTON_DATA_INVALID");
    const m = await api.sendMessage(1111, "same");
    const same = await apiError(api.editMessageText(1111, m.message_id, "same"));
    expect(same.description).toMatch(/message is not modified/);
    expect((await apiError(api.sendMessage(424242, "x"))).description).toBe(
      "Bad Request: chat not found",
    );
  });

  it("measures length after entity parsing, on sends and on edits, like Telegram", async () => {
    const server = await start({ limits: false });
    const api = makeBot(server).api;
    server.user({ id: 1313 });
    // 4096 visible characters wrapped in tags and entities pass: the markup does not count.
    const fits = `<b>${"я".repeat(4000)}</b>${"&amp;".repeat(96)}`;
    const sent = await api.sendMessage(1313, fits, { parse_mode: "HTML" });
    expect(sent.text?.length).toBe(4096);
    const long = await apiError(
      api.sendMessage(1313, `<b>${"я".repeat(4000)}</b>${"&amp;".repeat(97)}`, {
        parse_mode: "HTML",
      }),
    );
    expect(long.description).toBe("Bad Request: message is too long");
    const edit = await apiError(api.editMessageText(1313, sent.message_id, "ә".repeat(4097)));
    expect(edit.description).toBe("Bad Request: MESSAGE_TOO_LONG");
    const doc = await api.sendDocument(1313, new InputFile(Buffer.from("x"), "a.txt"), {
      caption: "c",
    });
    const caption = await apiError(
      api.editMessageCaption(1313, doc.message_id, { caption: "ө".repeat(1025) }),
    );
    expect(caption.description).toBe("Bad Request: message caption is too long");
    for (const bad of ["<b>a<i>b</b></i>", "<span>x</span>", "<br>", "<b>open"]) {
      const error = await apiError(api.sendMessage(1313, bad, { parse_mode: "HTML" }));
      expect(error.description, bad).toMatch(/^Bad Request: can't parse entities/);
    }
  });

  it("keeps commands per scope and language, reply keyboards and contacts", async () => {
    const server = await start({ limits: false });
    const api = makeBot(server).api;
    await api.setMyCommands([{ command: "start", description: "Бастау" }], { language_code: "kk" });
    expect(await api.getMyCommands({ language_code: "kk" })).toEqual([
      { command: "start", description: "Бастау" },
    ]);
    expect(await api.getMyCommands()).toEqual([]);
    const user = server.user({ id: 1212 });
    await api.sendMessage(1212, "Нөміріңізді жіберіңіз", {
      reply_markup: { keyboard: [[{ text: "Нөмірді жіберу", request_contact: true }]] },
    });
    expect(user.replyKeyboard()).toEqual([[{ text: "Нөмірді жіберу", requestContact: true }]]);
    user.sendContact({ phone: "+77011234567", userId: 999 });
    const [update] = await api.getUpdates({ timeout: 0 });
    expect(update?.message?.contact).toMatchObject({ phone_number: "+77011234567", user_id: 999 });
    expect(update?.message?.from?.id).toBe(1212);
  });

  it("delivers updates to a webhook with the secret token header", async () => {
    const { createServer } = await import("node:http");
    const received: { secret: string | undefined; body: string }[] = [];
    const hook = createServer((req, res) => {
      let body = "";
      req.on("data", (c) => {
        body += c;
      });
      req.on("end", () => {
        received.push({ secret: req.headers["x-telegram-bot-api-secret-token"] as string, body });
        res.end();
      });
    });
    await new Promise<void>((r) => hook.listen(0, "127.0.0.1", () => r()));
    const port = (hook.address() as { port: number }).port;
    try {
      const server = await start({ limits: false });
      const api = makeBot(server).api;
      await api.setWebhook(`http://127.0.0.1:${port}/hook`, { secret_token: "s3cret" });
      server.user({ id: 1313 }).sendText("hi");
      await server.waitUntilConfirmed();
      expect(received).toHaveLength(1);
      expect(received[0]?.secret).toBe("s3cret");
      expect(JSON.parse(received[0]?.body ?? "{}").message.text).toBe("hi");
      expect((await apiError(api.getUpdates())).error_code).toBe(409);
    } finally {
      hook.close();
    }
  });
});
