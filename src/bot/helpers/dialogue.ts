import { type DialogueTopic, dialogueTopicSchema } from "../../answers/dialogue.ts";
import type { SessionData } from "../context.ts";

/** A topic older than this is forgotten: "а сколько ждать?" the next day names no service. */
export const TOPIC_TTL_MS = 2 * 3600_000;

/** The topic of the conversation, when there is a fresh and valid one. */
export function topicOf(session: SessionData, now: Date): DialogueTopic | undefined {
  const dialogue = session.dialogue;
  if (!dialogue || now.getTime() - dialogue.at > TOPIC_TTL_MS) return undefined;
  const parsed = dialogueTopicSchema.safeParse(dialogue.topic);
  return parsed.success ? parsed.data : undefined;
}

/** Remembers what the conversation is about now. */
export function rememberTopic(session: SessionData, topic: DialogueTopic, now: Date): void {
  session.dialogue = { topic, at: now.getTime() };
}
