import path from "node:path";
import { pathToFileURL } from "node:url";
import { buildIfStale } from "../../scripts/build.mjs";

let checked = false;

/**
 * A module of the app as `npm start` runs it: compiled JavaScript from `dist/` (built first when
 * stale), typed as its source (`fromDist<typeof import("../../src/x.ts")>("x.js")`). Benches load
 * the app this way rather than its TypeScript through tsx, whose output wraps every function it
 * makes in a naming helper: a call and an allocation per closure that production does not pay.
 */
export function fromDist<T>(module: string): Promise<T> {
  // Looking for a stale build walks all of `src/`: once per process is enough.
  if (!checked) buildIfStale();
  checked = true;
  return import(pathToFileURL(path.resolve("dist", module)).href) as Promise<T>;
}
