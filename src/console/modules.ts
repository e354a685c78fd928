import type { AnswerService } from "../answers/service.ts";
import type { ServiceCard } from "../cards/service-card.ts";
import type { AppDeps } from "../deps.ts";
import type { FlowSet } from "../flows/flows.ts";
import type { Catalogue } from "../knowledge/catalogue.ts";

/**
 * The domain modules the console shows, loaded once per catalogue. They are built by other
 * areas and imported dynamically, so that one module missing or broken shows a notice on its
 * page instead of taking the whole console (and the HTTP server) down.
 */
export interface ConsoleModules {
  answers?: AnswerService;
  /** The language a query is in (kk or ru), as the answer service decides it. */
  detectLanguage?: (text: string) => "kk" | "ru";
  cards?: { build(serviceId: string, now: Date): ServiceCard | undefined };
  flows?: FlowSet;
  /** Why a module is missing, for the admin page. */
  problems: string[];
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.message.split("\n")[0] ?? error.name) : String(error);
}

export async function loadConsoleModules(
  deps: AppDeps,
  catalogue: Catalogue,
): Promise<ConsoleModules> {
  const modules: ConsoleModules = { problems: [] };
  const shared = deps as AppDeps & { answers?: AnswerService };
  try {
    if (shared.answers && shared.answers.catalogue === catalogue) modules.answers = shared.answers;
    else {
      const { createAnswerService } = await import("../answers/service.ts");
      modules.answers = createAnswerService({
        catalogue,
        config: deps.config,
        logger: deps.logger,
        ...(deps.admissionWindowOverrides
          ? { admissionWindowOverrides: deps.admissionWindowOverrides }
          : {}),
      });
    }
  } catch (error) {
    modules.problems.push(`answers: ${describe(error)}`);
  }
  try {
    const [{ buildServiceCard }, { createWorkingTime }] = await Promise.all([
      import("../cards/service-card.ts"),
      import("../calendar/working-time.ts"),
    ]);
    const workingTime = createWorkingTime(catalogue.calendar, catalogue.workingHours);
    modules.cards = { build: (id, now) => buildServiceCard(catalogue, workingTime, id, now) };
  } catch (error) {
    modules.problems.push(`cards: ${describe(error)}`);
  }
  try {
    const { loadFlows } = await import("../flows/flows.ts");
    modules.flows = await loadFlows(deps.config.FLOWS_DIR);
  } catch (error) {
    modules.problems.push(`flows: ${describe(error)}`);
  }
  for (const problem of modules.problems)
    deps.logger.warn({ problem }, "console module unavailable");
  return modules;
}
