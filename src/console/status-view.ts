import { STAGES } from "../applications/stages.ts";
import type { AppDeps } from "../deps.ts";
import type { Language } from "../i18n.ts";
import { channelKindSchema } from "../knowledge/schemas.ts";
import type { Translate } from "./context.ts";
import { html, type SafeHtml } from "./html.ts";

/** The business-process stages in order (refused is off the line). */
export const stageLine = STAGES.filter((stage) => stage !== "refused");

/** A row of stage chips: done, current, refused. */
export function stageStepper(stage: string, t: Translate): SafeHtml {
  const at = stageLine.indexOf(stage as (typeof stageLine)[number]);
  const refused = stage === "refused";
  return html`<ol class="stages" aria-label="${t("console-stages")}">${stageLine.map((s, i) => {
    const state = i < at ? "done" : i === at ? "current" : "";
    return html`<li class="${state}"${i === at ? html` aria-current="step"` : ""}>${t(`console-stage-${s}`)}</li>`;
  })}${refused ? html`<li class="refused" aria-current="step">${t("console-stage-refused")}</li>` : ""}</ol>`;
}

/** Name of a refusal ground from the service's catalogue entry. */
export function refusalGroundText(
  deps: AppDeps,
  serviceId: string,
  index: number | null,
  lang: Language,
): string | undefined {
  if (index === null) return undefined;
  return deps.knowledge.current().catalogue.getService(serviceId)?.refusalGrounds[index]?.text[
    lang
  ];
}

export function serviceName(deps: AppDeps, serviceId: string, lang: Language): string {
  return deps.knowledge.current().catalogue.getService(serviceId)?.shortName[lang] ?? serviceId;
}

const channels: readonly string[] = channelKindSchema.options;

/** How the application was made, in words (unknown channels are shown as stored). */
export function channelName(channel: string, t: Translate): string {
  return channels.includes(channel) ? t(`console-channel-${channel}`) : channel;
}
