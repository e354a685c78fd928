import type { Application } from "./registry.ts";
import { type CoarseState, coarseState, isOverdue, type Stage } from "./stages.ts";

/** What anyone with the ID may see: no names, no documents, no history. */
export interface CoarseStatus {
  applicationId: string;
  serviceId: string;
  state: CoarseState;
  /** YYYY-MM-DD */
  deadline: string;
  overdue: boolean;
}

/** What the applicant (proved by own phone or receipt PIN) or a verified caller sees. */
export interface DetailedStatus extends CoarseStatus {
  stage: Stage;
  stageAt: string;
  providerId: string;
  channel: string;
  submittedAt: string;
  refusalGround: number | null;
  history: { stage: Stage; at: string; by: string }[];
  /** Where the live status came from. */
  source: "registry" | string;
}

/**
 * The answer a lookup job returns. It never carries personal data (it sits in Redis as the
 * job's return value), and "not_found" looks the same whatever the requester tried.
 */
export type LookupResult =
  | { outcome: "found"; view: "coarse"; status: CoarseStatus }
  | { outcome: "found"; view: "detailed"; status: DetailedStatus }
  | { outcome: "not_found" }
  | { outcome: "unavailable" };

/** The live part of an application: what the registry or an information system says now. */
export interface LiveStage {
  stage: Stage;
  stageAt: string;
  refusalGround: number | null;
  history: { stage: Stage; at: string; by: string }[];
  source: string;
}

/** `provider:school-12` → `provider`: the history says which role acted, not which person. */
const ROLES = new Set(["provider", "operator", "external", "import", "demo"]);
function actorRole(actor: string): string {
  const role = actor.split(":")[0] ?? "";
  return ROLES.has(role) ? role : "registry";
}

export function liveFromRegistry(
  application: Application,
  stages: { stage: string; at: string; actor: string }[],
): LiveStage {
  return {
    stage: application.stage as Stage,
    stageAt: application.stage_at,
    refusalGround: application.refusal_ground,
    history: stages.map((row) => ({
      stage: row.stage as Stage,
      at: row.at,
      by: actorRole(row.actor),
    })),
    source: "registry",
  };
}

export function buildStatus(
  application: Application,
  live: LiveStage,
  view: "coarse",
  now: Date,
): CoarseStatus;
export function buildStatus(
  application: Application,
  live: LiveStage,
  view: "detailed",
  now: Date,
): DetailedStatus;
export function buildStatus(
  application: Application,
  live: LiveStage,
  view: "coarse" | "detailed",
  now: Date,
): CoarseStatus | DetailedStatus {
  const coarse: CoarseStatus = {
    applicationId: application.id,
    serviceId: application.service_id,
    state: coarseState(live.stage),
    deadline: application.deadline,
    overdue: isOverdue(live.stage, application.deadline, now),
  };
  if (view === "coarse") return coarse;
  return {
    ...coarse,
    stage: live.stage,
    stageAt: live.stageAt,
    providerId: application.provider_id,
    channel: application.channel,
    submittedAt: application.submitted_at,
    refusalGround: live.refusalGround,
    history: live.history,
    source: live.source,
  };
}
