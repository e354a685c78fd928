import { analyticsPage } from "./analytics.ts";
import { auditPage } from "./audit.ts";
import { campaignsPage } from "./campaigns.ts";
import { cataloguePage } from "./catalogue.ts";
import { documentsPage } from "./documents.ts";
import { feedbackPage } from "./feedback.ts";
import { flowPage } from "./flow.ts";
import { handoffPage } from "./handoff.ts";
import { loginPage } from "./login.ts";
import type { ConsolePage } from "./page.ts";
import { queuesPage } from "./queues.ts";
import { schoolPage } from "./school.ts";
import { searchPage } from "./search.ts";
import { statusPage } from "./status.ts";
import { usersPage } from "./users.ts";

/** Every console page, in navigation order. Add a page: create `pages/<name>.ts`, list it here. */
export const consolePages: ConsolePage[] = [
  loginPage,
  searchPage,
  handoffPage,
  flowPage,
  documentsPage,
  statusPage,
  feedbackPage,
  schoolPage,
  campaignsPage,
  usersPage,
  analyticsPage,
  cataloguePage,
  auditPage,
  queuesPage,
];
