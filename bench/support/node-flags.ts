import { readFileSync } from "node:fs";

/**
 * The Node flags `npm start` runs the app with (package.json's `start` script, e.g. the young
 * generation's size), so that every bench runs the app, and its anchor, as production does.
 */
export function startScriptNodeFlags(): string[] {
  const pkg = JSON.parse(readFileSync("package.json", "utf8")) as { scripts: { start: string } };
  return pkg.scripts.start.match(/--max-semi-space-size=\d+/g) ?? [];
}
