import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * The files that take longest by far (each 13–60 s of a ~6 min run on a quiet machine): two
 * app processes under load, chromium, and the ones that kill and restart Redis or a worker.
 */
const longest = [
  "tests/scale/two-instances.test.ts",
  "tests/console/browser.test.ts",
  "tests/handoff/delivery.test.ts",
  "tests/workers/status-lookup.test.ts",
  "tests/broadcasts/crash-recovery.test.ts",
  "tests/broadcasts/delivery.test.ts",
  "tests/bot/shutdown.test.ts",
  "tests/webchat/browser.test.ts",
];

/**
 * Longest files first, so that the two workers finish together instead of one running the
 * one-minute scale test alone at the end. Vitest already orders by the durations it cached from
 * the last run (`node_modules/.vite/vitest`); a fresh checkout or CI has no such cache and would
 * start these files wherever they happen to fall, so they go first in any case.
 */
export default class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (spec: TestSpecification) => {
      const index = longest.findIndex((file) => spec.moduleId.endsWith(file));
      return index === -1 ? longest.length : index;
    };
    // Array sort is stable: the rest keep the cached order.
    return sorted.sort((a, b) => rank(a) - rank(b));
  }
}
