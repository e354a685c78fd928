import type { ServiceCard } from "../cards/service-card.ts";
import type { AppDeps } from "../deps.ts";
import type { BotContext } from "./context.ts";

/**
 * What every feature factory receives: the app's dependencies plus the bot's clock. The
 * catalogue, answers and working time come from `knowledge.current()` at each use, never kept.
 */
export interface BotDeps extends AppDeps {
  /** The clock for deadlines and "open now"; tests pass a fixed one. */
  now(): Date;
  /** The current catalogue's service card at `now()`, memoised per minute. */
  serviceCard(serviceId: string): ServiceCard | undefined;
}

/** One feature = one Composer, built from the deps. */
export type FeatureFactory = (deps: BotDeps) => import("grammy").Composer<BotContext>;
