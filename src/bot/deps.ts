import type { I18n } from "@grammyjs/i18n";
import type { AnswerService } from "../answers/service.ts";
import type { WorkingTime } from "../calendar/working-time.ts";
import type { ServiceCard } from "../cards/service-card.ts";
import type { AppDeps } from "../deps.ts";
import type { FeedbackStore } from "../feedback/feedback.ts";
import type { FlowSet } from "../flows/flows.ts";
import type { BotContext } from "./context.ts";

/**
 * What every feature factory receives: the app's dependencies plus what the bot builds once
 * (the Fluent catalogue, a clock). Features take what they need from here, never from globals.
 */
export interface BotDeps extends AppDeps {
  i18n: I18n<BotContext>;
  /** The clock for deadlines and "open now"; tests pass a fixed one. */
  now(): Date;
  /** Guided flows from `FLOWS_DIR`. */
  flows: FlowSet;
  /** Providers' working time (deadlines, office open now). */
  workingTime: WorkingTime;
  /** The service card at `now()`, memoised per minute (deadlines change by the minute at most). */
  serviceCard(serviceId: string): ServiceCard | undefined;
  /** Free-text answers (built once: the search index). */
  answers: AnswerService;
  /** Helpful / not helpful on answers. */
  feedback: FeedbackStore;
}

/** One feature = one Composer, built from the deps. */
export type FeatureFactory = (deps: BotDeps) => import("grammy").Composer<BotContext>;
