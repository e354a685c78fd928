import { z } from "zod";
import {
  clearAdmissionWindowOverride,
  currentAdmissionWindow,
  setAdmissionWindowOverride,
} from "../admission/window-overrides.ts";
import { admissionKindSchema } from "../knowledge/schemas.ts";
import type { CliCommand } from "./deps.ts";

const usage = `Usage:
  npm run --silent cli -- admission-window show <year>
  npm run --silent cli -- admission-window set <first_grade|special_admission> <year> <start YYYY-MM-DD|-> <end YYYY-MM-DD> [note]
  npm run --silent cli -- admission-window clear <first_grade|special_admission> <year>`;

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
      return 0;
    }
    if (action === "clear") {
      const kind = admissionKindSchema.parse(rest[0]);
      const year = z.coerce.number().int().parse(rest[1]);
      const removed = await clearAdmissionWindowOverride(db, kind, year);
      console.log(removed ? `Cleared ${kind} ${year}` : `No override for ${kind} ${year}`);
      return 0;
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
