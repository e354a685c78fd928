import type { AnalyticsTables } from "./tables/analytics.ts";
import type { ApplicationsTables } from "./tables/applications.ts";
import type { BroadcastTables } from "./tables/broadcasts.ts";
import type { FeedbackTables } from "./tables/feedback.ts";
import type { FoundationTables } from "./tables/foundation.ts";
import type { HandoffTables } from "./tables/handoff.ts";
import type { ProviderTables } from "./tables/providers.ts";
import type { UsersTables } from "./tables/users.ts";

/**
 * The whole database as Kysely sees it. Each area declares its own tables in
 * `src/db/tables/<area>.ts` and adds them here.
 */
export interface Database
  extends FoundationTables,
    ProviderTables,
    UsersTables,
    BroadcastTables,
    ApplicationsTables,
    FeedbackTables,
    HandoffTables,
    AnalyticsTables {}
