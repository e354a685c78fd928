import { today } from "../time/local-time.ts";
/**
 * The business process every service in the catalogue shares (order No. 223, the providers'
 * steps): received → registered → assigned → result_prepared → signed → issued, or refused
 * with a refusal ground from the service's catalogue entry.
 */
export const STAGES = [
  "received",
  "registered",
  "assigned",
  "result_prepared",
  "signed",
  "issued",
  "refused",
] as const;
export type Stage = (typeof STAGES)[number];

export function isStage(value: unknown): value is Stage {
  return typeof value === "string" && (STAGES as readonly string[]).includes(value);
}

/** What a stranger may see: the broad state only. */
export type CoarseState = "in_progress" | "ready" | "issued" | "refused";

export function coarseState(stage: Stage): CoarseState {
  switch (stage) {
    case "issued":
      return "issued";
    case "refused":
      return "refused";
    case "result_prepared":
    case "signed":
      return "ready";
    default:
      return "in_progress";
  }
}

/** Issued or refused: the parent has the result, so there is nothing to be overdue. */
export function isFinal(stage: Stage): boolean {
  return stage === "issued" || stage === "refused";
}

/** Today's date in Almaty, as YYYY-MM-DD (the local-time module owns the zone). */
export function almatyDate(now: Date): string {
  return today(now);
}

/** Overdue: the deadline day has passed and there is no result yet. */
export function isOverdue(stage: Stage, deadline: string, now: Date): boolean {
  return !isFinal(stage) && almatyDate(now) > deadline;
}
