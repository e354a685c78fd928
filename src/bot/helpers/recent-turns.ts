import type { HandoffTurn } from "../../handoff/context.ts";
import type { SessionData } from "../context.ts";

declare module "../context.ts" {
  interface SessionData {
    /**
     * Owned by the answers feature: the last questions (already scrubbed) and the bot's answers,
     * kept only to pass to an operator when the parent agrees; older than `TURNS_TTL_MS` is gone.
     */
    recent?: { turns: HandoffTurn[]; at: number };
  }
}

const MAX_TURNS = 3;
const TURNS_TTL_MS = 2 * 3600_000;

/** Remembers a question and the bot's answer (both cut short: context, not a transcript). */
export function rememberTurn(session: SessionData, turn: HandoffTurn, now: Date): void {
  const kept = recentTurns(session, now);
  session.recent = {
    turns: [
      ...kept,
      { question: turn.question.slice(0, 300), answer: turn.answer.slice(0, 600) },
    ].slice(-MAX_TURNS),
    at: now.getTime(),
  };
}

export function recentTurns(session: SessionData, now: Date): HandoffTurn[] {
  const recent = session.recent;
  if (!recent || now.getTime() - recent.at > TURNS_TTL_MS) return [];
  return recent.turns;
}
