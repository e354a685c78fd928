import { readFileSync } from "node:fs";
import path from "node:path";

/**
 * The Node flags `npm start` runs the app with (package.json's `start` script, e.g. the young
 * generation's size), so that every bench runs the app, and its anchor, as production does;
 * `checkout`: another checkout's (an A/B of two builds runs each with its own).
 */
export function startScriptNodeFlags(checkout = "."): string[] {
  const pkg = JSON.parse(readFileSync(path.join(checkout, "package.json"), "utf8")) as {
    scripts: { start: string };
  };
  return pkg.scripts.start.match(/--max-semi-space-size=\d+/g) ?? [];
}
