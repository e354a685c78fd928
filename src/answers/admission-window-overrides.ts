import type { AdmissionWindowOverride } from "../knowledge/admission-windows.ts";
import type { AnswerLogger } from "./service.ts";

/** The administrators' admission windows held in memory for the answer service's sync getter. */
export type AdmissionWindowOverridesCache = {
  /** The last loaded list (empty until the first load succeeds). Pass as `admissionWindowOverrides`. */
  get: () => readonly AdmissionWindowOverride[];
  /** Reloads now; call it right after an administrator sets or clears a window in this process. */
  refresh(): Promise<void>;
  /** Stops the periodic refresh. */
  stop(): void;
};

/**
 * Answers are composed synchronously, while the windows live in the database; this keeps the
 * last list in memory. `load` is `() => listAdmissionWindowOverrides(db)`. With `refreshMs`, it
 * also reloads periodically, so a window set from another process (the CLI) reaches the answers
 * within that time. A failed reload keeps the previous list and is logged.
 */
export async function createAdmissionWindowOverridesCache(
  load: () => Promise<readonly AdmissionWindowOverride[]>,
  options: { refreshMs?: number; logger?: AnswerLogger } = {},
): Promise<AdmissionWindowOverridesCache> {
  let current: readonly AdmissionWindowOverride[] = [];
  const refresh = async () => {
    try {
      current = await load();
    } catch (error) {
      options.logger?.warn(
        { err: error instanceof Error ? error.message : String(error) },
        "answers: admission-window overrides not reloaded, keeping the previous ones",
      );
    }
  };
  await refresh();
  const timer = options.refreshMs ? setInterval(refresh, options.refreshMs) : undefined;
  timer?.unref();
  return { get: () => current, refresh, stop: () => clearInterval(timer) };
}
