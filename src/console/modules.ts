import { detectLanguage } from "../answers/language.ts";
import type { AnswerService } from "../answers/service.ts";
import type { ServiceCard } from "../cards/service-card.ts";
import type { CatalogueSnapshot } from "../catalogue-holder.ts";
import type { AppDeps } from "../deps.ts";
import type { FlowSet } from "../flows/flows.ts";

/** The domain modules the console pages show, all from one catalogue snapshot. */
export interface ConsoleModules {
  answers: AnswerService;
  /** The language a query is in (kk or ru), as the answer service decides it. */
  detectLanguage: (text: string) => "kk" | "ru";
  cards: { build(serviceId: string, now: Date): ServiceCard | undefined };
  flows: FlowSet;
}

/**
 * The modules of the current snapshot. The object stays the same until the snapshot changes,
 * so pages may key their caches on it: a reload empties them.
 */
export function consoleModules(deps: AppDeps): () => ConsoleModules {
  let seen: CatalogueSnapshot | undefined;
  let modules: ConsoleModules | undefined;
  return () => {
    const snapshot = deps.knowledge.current();
    if (!modules || snapshot !== seen) {
      seen = snapshot;
      modules = {
        answers: snapshot.answers,
        detectLanguage,
        cards: { build: (id, now) => snapshot.serviceCard(id, now) },
        flows: deps.flows,
      };
    }
    return modules;
  };
}
