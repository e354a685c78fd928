import { listAdmissionWindowOverrides } from "../admission/window-overrides.ts";
import { type Db, isUniqueViolation } from "../db/database.ts";
import type { Language } from "../i18n.ts";
import {
  type ResolvedAdmissionWindow,
  resolveAdmissionWindow,
} from "../knowledge/admission-windows.ts";
import type { Catalogue } from "../knowledge/catalogue.ts";
import { type AdmissionKind, admissionKindSchema } from "../knowledge/schemas.ts";
import { addDays, daysBetween, formatDotted, today as localToday } from "../time/local-time.ts";
import { type Campaign, createCampaign } from "./campaigns.ts";
import type { Translate } from "./message.ts";

export interface DueReminder {
  windowKey: string;
  kind: AdmissionKind;
  moment: "opens" | "closes";
  window: ResolvedAdmissionWindow;
}

/**
 * Which reminders are due on `today`: "opens" while the window is open, "closes" from N days
 * before the end. Only confirmed windows (override or configured), never `assumed` dates.
 */
export function dueReminders(
  windows: ResolvedAdmissionWindow[],
  today: string,
  daysBeforeClose: number,
): DueReminder[] {
  const due: DueReminder[] = [];
  for (const window of windows) {
    if (window.origin === "assumed") continue;
    const open = (window.start === undefined || today >= window.start) && today <= window.end;
    if (!open) continue;
    const closing = today >= addDays(window.end, -daysBeforeClose);
    const key = `${window.kind}:${window.year}`;
    // A window first seen in its last days gets only the closing reminder: one message, not two.
    if (closing)
      due.push({
        windowKey: `${key}:closes-${daysBeforeClose}`,
        kind: window.kind,
        moment: "closes",
        window,
      });
    else if (window.start !== undefined)
      due.push({ windowKey: `${key}:opens`, kind: window.kind, moment: "opens", window });
  }
  return due;
}

function reminderText(
  t: Translate,
  language: Language,
  reminder: DueReminder,
  today: string,
): string {
  const kind = t(language, `broadcasts-kind-${reminder.kind.replaceAll("_", "-")}`);
  if (reminder.moment === "opens") {
    const text = t(language, "broadcasts-window-opens", {
      kind,
      start: formatDotted(reminder.window.start ?? today),
      end: formatDotted(reminder.window.end),
    });
    return settled(reminder.window) ? text : `${text} ${t(language, "broadcasts-window-check")}`;
  }
  const text = t(language, "broadcasts-window-closes", {
    kind,
    end: formatDotted(reminder.window.end),
    days: daysBetween(today, reminder.window.end),
  });
  // As in the bot's parent view: no staff caveat, but a date no current source states for the
  // year gets an honest line on where to confirm it.
  return settled(reminder.window) ? text : `${text} ${t(language, "broadcasts-window-check")}`;
}

/** An administrator's window, or one a current source states for that year. */
function settled(window: ResolvedAdmissionWindow): boolean {
  return (
    window.origin === "override" ||
    window.claims.some((claim) => claim.status === "current" && claim.years.includes(window.year))
  );
}

/**
 * Creates the automatic reminders due now, each at most once per window and moment (the
 * campaign's unique `window_key` guards it even when two schedulers race). Returns the new ones.
 */
export async function createDueWindowReminders(
  db: Db,
  catalogue: Pick<Catalogue, "admissionWindows">,
  t: Translate,
  options: { now: Date; daysBeforeClose: number },
): Promise<Campaign[]> {
  const today = localToday(options.now);
  const year = Number(today.slice(0, 4));
  const overrides = await listAdmissionWindowOverrides(db);
  const windows = admissionKindSchema.options.flatMap((kind) => {
    const window = resolveAdmissionWindow(catalogue, kind, year, overrides);
    return window ? [window] : [];
  });
  const created: Campaign[] = [];
  for (const reminder of dueReminders(windows, today, options.daysBeforeClose)) {
    const exists = await db
      .selectFrom("campaign")
      .select("id")
      .where("window_key", "=", reminder.windowKey)
      .executeTakeFirst();
    if (exists) continue;
    try {
      created.push(
        await createCampaign(
          db,
          { role: "admin", providerId: null, name: "automatic" },
          {
            scope: "all",
            grade: reminder.kind,
            textKk: reminderText(t, "kk", reminder, today),
            textRu: reminderText(t, "ru", reminder, today),
          },
          { now: options.now, origin: "automatic", windowKey: reminder.windowKey },
        ),
      );
    } catch (error) {
      // Another instance created it between our check and our insert.
      if (!isUniqueViolation(error)) throw error;
    }
  }
  return created;
}
