import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { withBuildLock } from "../scripts/build.mjs";

/** A pid that no longer runs: a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]);
  return Number(child.stdout.toString());
}

describe("the build lock (npm start and npm test compile dist/ under it)", () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const lockIn = () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "qoldau-build-lock-"));
    return path.join(dir, ".dist.lock");
  };

  it("takes over at once a lock left by a build that was stopped (its process is gone)", () => {
    const lock = lockIn();
    mkdirSync(lock);
    writeFileSync(path.join(lock, "owner"), String(deadPid()));
    const started = performance.now();
    expect(withBuildLock(() => "built", lock)).toBe("built");
    // Before, such a lock made every later start wait ten minutes.
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(existsSync(lock)).toBe(false);
  });

  it("waits for a build that is still running, then goes on", async () => {
    const lock = lockIn();
    const holder = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60_000)"]);
    try {
      mkdirSync(lock);
      writeFileSync(path.join(lock, "owner"), String(holder.pid));
      // The running build finishes in 400 ms (from another process: the wait below blocks this one).
      const releaser = spawn(process.execPath, [
        "-e",
        `setTimeout(() => require("node:fs").rmSync(${JSON.stringify(lock)}, { recursive: true }), 400)`,
      ]);
      const started = performance.now();
      expect(withBuildLock(() => "built", lock)).toBe("built");
      expect(performance.now() - started).toBeGreaterThanOrEqual(300);
      await new Promise((resolve) => releaser.once("exit", resolve));
    } finally {
      holder.kill();
    }
  });
});
