import type { Db } from "../db/database.ts";
import type { Catalogue } from "../knowledge/catalogue.ts";
import { getProvider } from "../providers/directory.ts";
import { formatStoredDate } from "../time/local-time.ts";
import type { LookupAnswer, LookupRequestOutcome } from "./lookups.ts";
import type { DetailedStatus } from "./status.ts";

/** A Fluent lookup bound to one language: `ctx.t` in the bot, `(k, v) => i18n.t(lang, k, v)` elsewhere. */
export type Translate = (key: string, vars?: Record<string, string | number>) => string;

/** Public names for a detailed status (service, provider, refusal ground), in one language. */
export interface StatusNames {
  service: string;
  provider: string;
  providerPhone?: string;
  refusalGround?: string;
}

export async function resolveNames(
  deps: { db: Db; catalogue: Catalogue | undefined },
  status: DetailedStatus,
  language: string,
): Promise<StatusNames> {
  const lang = language === "ru" ? "ru" : "kk";
  const service = deps.catalogue?.getService(status.serviceId);
  const provider = await getProvider(deps.db, status.providerId).catch(() => undefined);
  const ground =
    status.refusalGround === null ? undefined : service?.refusalGrounds[status.refusalGround];
  return {
    service: service?.shortName[lang] ?? status.serviceId,
    provider: (lang === "ru" ? provider?.name_ru : provider?.name_kk) ?? status.providerId,
    ...(provider?.phone ? { providerPhone: provider.phone } : {}),
    ...(ground ? { refusalGround: ground.text[lang] } : {}),
  };
}

const kebab = (value: string) => value.replace(/_/g, "-");

/** 2026-11-26 → 26.11.2026, the way dates are written in Kazakhstan; a moment on Almaty's clock. */
export function formatDate(iso: string): string {
  return formatStoredDate(iso);
}

/** The message for a request that could not be queued (malformed ID, no consent, throttled). */
export function renderRequestFailure(
  t: Translate,
  outcome: Exclude<LookupRequestOutcome, { ok: true }>,
): string {
  switch (outcome.reason) {
    case "malformed_id":
      return t("status-malformed-id");
    case "consent_required":
      return t("status-consent-required");
    case "consent_refused":
      return t("status-consent-refused");
    case "rate_limited":
      return t("status-rate-limited", {
        minutes: Math.max(1, Math.ceil(outcome.retryAfterSeconds / 60)),
      });
  }
}

/** The answer as a parent or an operator reads it. */
export function renderAnswer(t: Translate, answer: LookupAnswer, names?: StatusNames): string {
  switch (answer.outcome) {
    case "pending":
      return t("status-checking");
    case "not_found":
      return t("status-not-found");
    case "unavailable":
      return t("status-unavailable");
    case "found":
      break;
  }
  const status = answer.status;
  const overdue = status.overdue
    ? `\n\n${t("status-overdue", {
        phone: names?.providerPhone
          ? t("status-overdue-phone", { phone: names.providerPhone })
          : "",
      })}`
    : "";
  if (answer.view === "coarse") {
    return `${t("status-coarse", {
      id: status.applicationId,
      state: t(`status-state-${kebab(status.state)}`),
      deadline: formatDate(status.deadline),
    })}${overdue}\n\n${t("status-coarse-hint")}`;
  }
  const detailed = answer.status;
  const lines = [
    t("status-detailed", {
      id: detailed.applicationId,
      service: names?.service ?? detailed.serviceId,
      provider: names?.provider ?? detailed.providerId,
      stage: t(`status-stage-${kebab(detailed.stage)}`),
      stageAt: formatDate(detailed.stageAt),
      deadline: formatDate(detailed.deadline),
    }),
  ];
  if (detailed.stage === "refused") {
    if (names?.refusalGround)
      lines.push(t("status-refusal-ground", { ground: names.refusalGround }));
    // A refusal is not the end: what the parent can do next.
    lines.push(t("status-refused-next"));
  }
  lines.push("", t("status-history"));
  for (const step of detailed.history) {
    lines.push(
      t("status-history-line", {
        at: formatDate(step.at),
        stage: t(`status-stage-${kebab(step.stage)}`),
        by: t(`status-by-${step.by}`),
      }),
    );
  }
  return lines.join("\n") + overdue;
}
