import { isFinal, STAGES, type Stage } from "./stages.ts";

/**
 * The one definition of how an application's stage may change, used by every path that
 * writes a stage (console, provider API, CSV import, information systems, demo data):
 *
 * - forward along received → registered → assigned → result_prepared → signed → issued, one
 *   step or several (a provider's system may record two steps at once), never backwards;
 * - to refused from any stage before a result, with a refusal ground the service's catalogue
 *   entry lists;
 * - nothing out of issued or refused: the parent already has the result;
 * - the same stage again changes nothing (a replayed CSV or API retry notifies nobody twice);
 * - a caller that says which stage it saw (`expected`, e.g. the console form) is refused when
 *   the application has moved since;
 * - the time of a change is neither in the future nor before the current stage's time.
 */
const line: readonly Stage[] = STAGES.filter((stage) => stage !== "refused");

/** Why a move was refused; each is a stable, machine-readable code for API clients. */
export type StageMoveRefusal =
  | "stale_stage"
  | "move_not_allowed"
  | "refusal_ground_required"
  | "unknown_refusal_ground"
  | "invalid_time"
  | "time_in_future"
  | "time_before_last_event";

/** 409 when the application's current state forbids the move, 400 when the request is wrong. */
export const refusalStatus: Record<StageMoveRefusal, 400 | 409> = {
  stale_stage: 409,
  move_not_allowed: 409,
  refusal_ground_required: 400,
  unknown_refusal_ground: 400,
  invalid_time: 400,
  time_in_future: 400,
  time_before_last_event: 400,
};

/** Clocks of providers' systems drift a little; more than this ahead is a wrong timestamp. */
export const CLOCK_SKEW_MS = 5 * 60_000;

export interface StageMoveRequest {
  /** The application as it is now. */
  current: { stage: Stage; refusalGround: number | null; stageAt: string };
  to: Stage;
  refusalGround?: number | null | undefined;
  /** ISO 8601 time of the change; now when absent. */
  at?: string | undefined;
  /** The stage the caller saw; a different current stage means its view is stale. */
  expected?: Stage | undefined;
  /** How many refusal grounds the service's catalogue entry has (undefined: unknown service). */
  refusalGrounds: number | undefined;
  now: Date;
}

export type StageMoveDecision =
  | { ok: true; same: true }
  | { ok: true; same: false; at: string; refusalGround: number | null }
  | { ok: false; code: StageMoveRefusal };

/** Whether the line allows `from` → `to` at all (grounds and times aside). */
export function isAllowedMove(from: Stage, to: Stage): boolean {
  if (isFinal(from)) return false;
  if (to === "refused") return true;
  return line.indexOf(to) > line.indexOf(from);
}

/** The stages a form may offer from `from`: the next step, and refusal. */
export function nextStage(from: Stage): Stage | undefined {
  if (isFinal(from)) return undefined;
  return line[line.indexOf(from) + 1];
}

export function decideStageMove(request: StageMoveRequest): StageMoveDecision {
  const { current, to } = request;
  if (request.expected !== undefined && request.expected !== current.stage)
    return { ok: false, code: "stale_stage" };
  const refusalGround = to === "refused" ? (request.refusalGround ?? null) : null;
  if (to === "refused") {
    if (refusalGround === null) return { ok: false, code: "refusal_ground_required" };
    if (
      !Number.isInteger(refusalGround) ||
      refusalGround < 0 ||
      request.refusalGrounds === undefined ||
      refusalGround >= request.refusalGrounds
    )
      return { ok: false, code: "unknown_refusal_ground" };
  }
  if (current.stage === to && current.refusalGround === refusalGround)
    return { ok: true, same: true };
  if (!isAllowedMove(current.stage, to)) return { ok: false, code: "move_not_allowed" };

  const at = request.at ?? request.now.toISOString();
  const time = Date.parse(at);
  if (Number.isNaN(time)) return { ok: false, code: "invalid_time" };
  if (time > request.now.getTime() + CLOCK_SKEW_MS) return { ok: false, code: "time_in_future" };
  const last = Date.parse(current.stageAt);
  if (!Number.isNaN(last) && time < last) return { ok: false, code: "time_before_last_event" };
  return { ok: true, same: false, at, refusalGround };
}

/**
 * Whether an application may be created at `stage` (demo data, providers' first record): a
 * refused one needs a ground from the catalogue, any other stage carries none.
 */
export function checkInitialStage(
  stage: Stage,
  refusalGround: number | null | undefined,
  refusalGrounds: number | undefined,
): StageMoveRefusal | undefined {
  if (stage !== "refused") return refusalGround == null ? undefined : "move_not_allowed";
  if (refusalGround == null) return "refusal_ground_required";
  if (refusalGrounds === undefined || refusalGround < 0 || refusalGround >= refusalGrounds)
    return "unknown_refusal_ground";
  return undefined;
}
