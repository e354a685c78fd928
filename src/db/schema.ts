import type { FoundationTables } from "./tables/foundation.ts";

/**
 * The whole database as Kysely sees it. Each area declares its own tables in
 * `src/db/tables/<area>.ts` and adds them here.
 */
export interface Database extends FoundationTables {}
