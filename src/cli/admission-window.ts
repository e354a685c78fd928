import { z } from "zod";
import {
  clearAdmissionWindowOverride,
  currentAdmissionWindow,
  setAdmissionWindowOverride,
} from "../admission/window-overrides.ts";
import { announceReload, catalogueChannel } from "../catalogue-sync.ts";
import { admissionKindSchema } from "../knowledge/schemas.ts";
import type { CliCommand, CliDeps } from "./deps.ts";

const usage = `Usage:
  npm run --silent cli -- admission-window show <year>
  npm run --silent cli -- admission-window set <first_grade|special_admission> <year> <start YYYY-MM-DD|-> <end YYYY-MM-DD> [note]
  npm run --silent cli -- admission-window clear <first_grade|special_admission> <year>`;

/**
 * Running instances re-read the windows when told through Redis. Without REDIS_URL the app's
 * own local redis-server is the one to tell; when that is not running, no instance is either.
 */
async function tellInstances(deps: CliDeps): Promise<number> {
  const { config } = deps;
  const told = await announceReload({
    redisUrl: config.REDIS_URL ?? `redis://127.0.0.1:${config.LOCAL_REDIS_PORT}`,
    channel: catalogueChannel(config),
    cause: "admission-windows",
  });
  if (told || !config.REDIS_URL) return 0;
  console.error(
    "Saved, but the running instances could not be told (Redis unreachable): run the command again or restart them.",
  );
  return 1;
}

/** Lets an administrator change an admission window without a release. */
export const run: CliCommand = async (args, deps) => {
  const [action, ...rest] = args;
  const db = await deps.database();
  try {
    if (action === "show") {
      const year = z.coerce
        .number()
        .int()
        .parse(rest[0] ?? new Date().getFullYear());
      const catalogue = await deps.catalogue();
      for (const kind of admissionKindSchema.options) {
        const window = await currentAdmissionWindow(db, catalogue, kind, year);
        console.log(
          window
            ? `${kind} ${year}: ${window.start ?? "?"} – ${window.end} (${window.origin})`
            : `${kind} ${year}: not known`,
        );
      }
      return 0;
    }
    if (action === "set") {
      const [kind, year, start, end, ...note] = rest;
      await setAdmissionWindowOverride(
        db,
        {
          kind,
          year,
          end,
          ...(start && start !== "-" ? { start } : {}),
          ...(note.length ? { note: note.join(" ") } : {}),
        },
        "cli",
      );
      console.log(`Set ${kind} ${year}: ${start} – ${end}`);
      return tellInstances(deps);
    }
    if (action === "clear") {
      const kind = admissionKindSchema.parse(rest[0]);
      const year = z.coerce.number().int().parse(rest[1]);
      const removed = await clearAdmissionWindowOverride(db, kind, year);
      console.log(removed ? `Cleared ${kind} ${year}` : `No override for ${kind} ${year}`);
      return removed ? tellInstances(deps) : 0;
    }
  } catch (error) {
    if (error instanceof z.ZodError) {
      console.error(
        error.issues
          .map((issue) => `${issue.path.join(".") || "value"}: ${issue.message}`)
          .join("\n"),
      );
      return 2;
    }
    throw error;
  }
  console.error(usage);
  return 2;
};
