import type { Message } from "grammy/types";
import type { SimulatedUser } from "../support/telegram-api/index.ts";
import { inlineButtons } from "../support/telegram-api/index.ts";
import type { WebChatClient } from "./client.ts";

/** A bot message as both channels show it: its text and its buttons. */
export interface Screen {
  text: string;
  buttons: { text: string; data?: string }[];
  raw: unknown;
}

/** What a parent does in either channel; the conversation cases are written against this. */
export interface Channel {
  name: "telegram" | "web";
  start(): Promise<Screen>;
  say(text: string): Promise<Screen>;
  /** Presses the button whose callback data ends with `suffix` or whose text contains it. */
  press(screen: Screen, button: string): Promise<Screen>;
  /** Alerts and notices (answerCallbackQuery texts) seen so far. */
  notices(): Promise<string[]>;
}

function pick(screen: Screen, button: string) {
  const found =
    screen.buttons.find((b) => b.data?.endsWith(`:${button}`) || b.data === button) ??
    screen.buttons.find((b) => b.text.includes(button));
  if (!found?.data)
    throw new Error(`no button ${button} in ${JSON.stringify(screen.buttons.map((b) => b.text))}`);
  return found.data;
}

export function telegramChannel(user: SimulatedUser, timeoutMs = 10_000): Channel {
  const screen = (m: Message): Screen => ({
    text: m.text ?? m.caption ?? "",
    buttons: inlineButtons(m).map((b) => ({
      text: b.text,
      ...(b.callbackData ? { data: b.callbackData } : {}),
    })),
    raw: m,
  });
  return {
    name: "telegram",
    async start() {
      user.sendCommand("/start");
      return screen(await user.waitForMessage(undefined, timeoutMs));
    },
    async say(text) {
      user.sendText(text);
      return screen(await user.waitForMessage(undefined, timeoutMs));
    },
    async press(s, button) {
      user.pressButton(s.raw as Message, pick(s, button));
      return screen(await user.waitForMessage(undefined, timeoutMs));
    },
    async notices() {
      return user.callbackAnswers().flatMap((a) => (a.text ? [a.text] : []));
    },
  };
}

export function webChannel(client: WebChatClient, timeoutMs = 10_000): Channel {
  const screen = (m: Awaited<ReturnType<WebChatClient["waitForBot"]>>): Screen => ({
    text: m.plain,
    buttons: (m.buttons ?? [])
      .flat()
      .map((b) => ({ text: b.text, ...(b.data ? { data: b.data } : {}) })),
    raw: m,
  });
  return {
    name: "web",
    async start() {
      const greeting = await client.hello();
      await client.follow();
      const last = greeting.at(-1);
      if (!last) throw new Error("no greeting");
      return screen(last);
    },
    async say(text) {
      const status = await client.say(text);
      if (status !== 202) throw new Error(`say: ${status}`);
      return screen(await client.waitForBot(undefined, timeoutMs));
    },
    async press(s, button) {
      const status = await client.pressData(s.raw as never, pick(s, button));
      if (status !== 202) throw new Error(`press: ${status}`);
      return screen(await client.waitForBot(undefined, timeoutMs));
    },
    async notices() {
      return client.notices;
    },
  };
}
