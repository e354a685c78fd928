import { daysOffInYear } from "../calendar/working-time.ts";
import { KnowledgeError, loadCatalogue } from "../knowledge/catalogue.ts";
import type { CliCommand } from "./deps.ts";

/**
 * `npm run knowledge:check [dir]` (`cli -- knowledge-check [dir]`): loads and validates the whole
 * catalogue, resolves every citation and prints counts; exits 1 with the error otherwise.
 */
export const run: CliCommand = async (args) => {
  const dir = args[0] ?? "knowledge";
  try {
    const catalogue = await loadCatalogue(dir);
    const sections = catalogue.sources.reduce((n, s) => n + s.sections.length, 0);
    const repealed = catalogue.sources.filter((s) => s.legalStatus.status === "repealed").length;
    const documents = catalogue.services.reduce(
      (n, s) => n + s.channels.reduce((m, c) => m + c.documents.length, 0),
      0,
    );
    const citations = JSON.stringify([
      catalogue.services,
      catalogue.calendar,
      catalogue.workingHours,
      catalogue.admissionWindows,
    ]).match(/"locator":/g)?.length;
    console.log(`knowledge OK (${dir})`);
    console.log(
      `  sources: ${catalogue.sources.length} (${sections} sections, ${repealed} repealed)`,
    );
    console.log(
      `  services: ${catalogue.services.length} (${documents} documents): ${catalogue.services.map((s) => s.id).join(", ")}`,
    );
    console.log(`  citations resolved: ${citations ?? 0}`);
    console.log(
      `  calendar: ${catalogue.calendar.holidays.length} holidays, ${catalogue.calendar.transfers.length} transfers (${catalogue.calendar.transfers.filter((t) => !t.verified).length} unverified)`,
    );
    for (const year of catalogue.calendar.years) {
      console.log(
        `    ${year} days off on weekdays: ${daysOffInYear(catalogue.calendar, catalogue.workingHours, year).join(" ")}`,
      );
    }
    console.log(
      `  admission windows: ${catalogue.admissionWindows.claims.length} claims, ${catalogue.admissionWindows.configured.length} configured`,
    );
    const { conversation } = catalogue;
    console.log(
      `  conversation: other bodies ${conversation.otherBodies.map((b) => b.id).join(", ")}; citations resolved`,
    );
    return 0;
  } catch (err) {
    if (err instanceof KnowledgeError) console.error(`knowledge check failed:\n${err.message}`);
    else console.error(err);
    return 1;
  }
};
