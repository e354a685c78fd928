import { createHash, timingSafeEqual } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { parseApplicationId } from "../../applications/id.ts";
import { getApplication, getStageHistory } from "../../applications/registry.ts";
import { refusalStatus, type StageMoveRefusal } from "../../applications/stage-machine.ts";
import { isOverdue, STAGES, type Stage } from "../../applications/stages.ts";
import type { AppDeps } from "../../deps.ts";

const digest = (token: string) => createHash("sha256").update(token).digest();

/** `school-12:token,pmpk-1:token` → [{ providerId, digest }]; short tokens are ignored. */
export function parseProviderTokens(value: string | undefined) {
  return (value ?? "")
    .split(",")
    .map((pair) => pair.trim())
    .filter(Boolean)
    .flatMap((pair) => {
      const at = pair.indexOf(":");
      const providerId = pair.slice(0, at);
      const token = pair.slice(at + 1);
      return at > 0 && token.length >= 24 ? [{ providerId, digest: digest(token) }] : [];
    });
}

const stageBodySchema = z.object({
  stage: z.enum(STAGES),
  /** The stage the caller last saw; when given, a change made meanwhile answers 409 stale_stage. */
  from: z.enum(STAGES).optional(),
  /** Index into the service's refusalGrounds in the catalogue; required for "refused". */
  refusalGround: z.number().int().nonnegative().optional(),
  /** When it happened (ISO 8601); defaults to now. */
  at: z.iso.datetime({ offset: true }).optional(),
});

/** For the provider's developer: what the code means and what to do about it. */
const refusalMessages: Record<StageMoveRefusal, string> = {
  stale_stage:
    "The application moved since you read it; read it again and retry from currentStage.",
  move_not_allowed:
    "Stages go forward only (received, registered, assigned, result_prepared, signed, issued) or to refused before a result; issued and refused are final.",
  refusal_ground_required:
    "A refusal needs refusalGround, an index into the service's refusal grounds.",
  unknown_refusal_ground:
    "refusalGround is not one of the service's refusal grounds in the catalogue.",
  invalid_time: "at is not a valid ISO 8601 time.",
  time_in_future: "at is in the future; send the time the change happened.",
  time_before_last_event:
    "at is before the application's current stage; changes are recorded in order.",
};

declare module "fastify" {
  interface FastifyRequest {
    providerId?: string;
  }
}

/**
 * The providers' JSON API (`/api/provider/v1`), one bearer token per provider
 * (PROVIDER_API_TOKENS). A provider sees and moves only its own applications; anyone else's ID
 * answers 404 exactly like an unknown one. Every change is audited as `provider:<id>` and
 * notifies linked parents once.
 */
export async function providerApiRoutes(app: FastifyInstance, deps: AppDeps) {
  const tokens = parseProviderTokens(deps.config.PROVIDER_API_TOKENS);
  if (tokens.length === 0) return;

  const authenticate = async (request: FastifyRequest, reply: FastifyReply) => {
    const header = request.headers.authorization ?? "";
    const presented = header.startsWith("Bearer ") ? digest(header.slice(7).trim()) : undefined;
    const match = presented && tokens.find((entry) => timingSafeEqual(entry.digest, presented));
    if (!match) return reply.code(401).send({ error: "unauthorized" });
    request.providerId = match.providerId;
  };

  const own = async (request: FastifyRequest<{ Params: { id: string } }>) => {
    const parsed = parseApplicationId(request.params.id);
    if (!parsed.ok) return undefined;
    const application = await getApplication(deps.db, parsed.id);
    return application?.provider_id === request.providerId ? application : undefined;
  };

  app.register(async (api) => {
    api.addHook("onRequest", authenticate);

    api.get("/api/provider/v1/applications", async (request) => {
      const now = new Date();
      const rows = await deps.registry.listApplications(request.providerId as string);
      return {
        applications: rows.map((row) => ({
          id: row.id,
          serviceId: row.service_id,
          channel: row.channel,
          submittedAt: row.submitted_at,
          stage: row.stage,
          stageAt: row.stage_at,
          deadline: row.deadline,
          overdue: isOverdue(row.stage as Stage, row.deadline, now),
        })),
      };
    });

    api.get<{ Params: { id: string } }>(
      "/api/provider/v1/applications/:id",
      async (request, reply) => {
        const application = await own(request);
        if (!application) return reply.code(404).send({ error: "not_found" });
        return {
          id: application.id,
          serviceId: application.service_id,
          stage: application.stage,
          refusalGround: application.refusal_ground,
          deadline: application.deadline,
          history: await getStageHistory(deps.db, application.id),
        };
      },
    );

    api.post<{ Params: { id: string } }>(
      "/api/provider/v1/applications/:id/stage",
      async (request, reply) => {
        const body = stageBodySchema.safeParse(request.body);
        if (!body.success) {
          return reply.code(400).send({
            error: "invalid_body",
            issues: body.error.issues.map((issue) => issue.message),
          });
        }
        const application = await own(request);
        if (!application) return reply.code(404).send({ error: "not_found" });
        const result = await deps.registry.moveStage({
          applicationId: application.id,
          stage: body.data.stage,
          actor: `provider:${request.providerId}`,
          refusalGround: body.data.refusalGround ?? null,
          ...(body.data.at ? { at: body.data.at } : {}),
          ...(body.data.from ? { expectedStage: body.data.from } : {}),
        });
        if (!result.changed) {
          const { reason } = result;
          if (reason === "unknown_application") return reply.code(404).send({ error: "not_found" });
          if (reason !== "same_stage") {
            return reply.code(refusalStatus[reason]).send({
              error: reason,
              message: refusalMessages[reason],
              currentStage: result.currentStage,
            });
          }
        }
        return { id: application.id, stage: body.data.stage, changed: result.changed };
      },
    );
  });
}
