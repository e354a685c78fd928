#!/usr/bin/env node
// `npm run build`, and `npm start`'s bootstrap when `dist/` is older than the sources:
// compiles `src/` to plain JavaScript in `dist/`, so production runs on Node alone (no tsx,
// no on-the-fly compiling at start). Type checking is `npm run check`'s job; this only emits.
// Only Node built-ins here, like the bootstrap.
//
// The output is CommonJS (`tsconfig.build.json`, and a `dist/package.json` saying so) while the
// sources stay ES modules for tsx, vitest and the type check: Node loads a graph of ~1,500
// files noticeably faster through `require` (synchronous reads, no export pre-parsing of every
// CommonJS package) than through its ES module loader, which was the largest share of a start.
import { execFileSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dist = path.join(root, "dist");
const stamp = path.join(dist, ".built");
/** What the compiled output depends on besides the sources. */
const inputs = ["tsconfig.json", "tsconfig.build.json", "package.json"];

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

/** True when `dist/` is missing or any source or build setting changed after it was built. */
/**
 * `import.meta.url` (a module finding its files: the words, the migrations, the validating code)
 * is a syntax error in CommonJS; each compiled file gets its own location from `__filename`.
 */
function replaceImportMeta(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) replaceImportMeta(full);
    else if (entry.name.endsWith(".js")) {
      const code = readFileSync(full, "utf8");
      if (code.includes("import.meta.url"))
        writeFileSync(
          full,
          code.replaceAll("import.meta.url", 'require("node:url").pathToFileURL(__filename).href'),
        );
    }
  }
}

export function isStale() {
  if (!existsSync(stamp)) return true;
  const built = statSync(stamp).mtimeMs;
  const sources = Math.max(
    newestMtime(path.join(root, "src")),
    ...inputs.map((file) => statSync(path.join(root, file)).mtimeMs),
  );
  return sources > built;
}

/**
 * Compiles into a fresh folder and swaps it in, so no file of a deleted source lingers and a
 * failed build leaves the previous `dist/` as it was.
 */
export function build(log = (message) => console.error(`[build] ${message}`)) {
  const tsc = path.join(root, "node_modules", "typescript", "bin", "tsc");
  if (!existsSync(tsc))
    throw new Error("TypeScript is not installed: run `npm ci` (with dev dependencies) first");
  const next = `${dist}.next-${process.pid}`;
  log("compiling src/ to dist/ (tsc)");
  try {
    execFileSync(
      process.execPath,
      [tsc, "-p", path.join(root, "tsconfig.build.json"), "--noCheck", "--outDir", next],
      { cwd: root, stdio: "inherit" },
    );
    replaceImportMeta(next);
    writeFileSync(path.join(next, "package.json"), `${JSON.stringify({ type: "commonjs" })}\n`);
    writeFileSync(path.join(next, ".built"), `${new Date().toISOString()}\n`);
    rmSync(dist, { recursive: true, force: true });
    renameSync(next, dist);
  } finally {
    rmSync(next, { recursive: true, force: true });
  }
}

const lock = path.join(root, ".dist.lock");

/** Blocks for `ms` (the build itself is synchronous, and so is waiting for another one). */
function sleepSync(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Whether process `pid` still runs (EPERM: it does, as someone else's). */
function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === "EPERM";
  }
}

/** The pid written into a lock by its holder; undefined while it is being written. */
function lockOwner(lockDir) {
  try {
    const pid = Number(readFileSync(path.join(lockDir, "owner"), "utf8"));
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Runs `work` while holding `.dist.lock` (a directory: creating one is atomic). Two processes
 * that find `dist/` stale at once (the bootstrap and a test, or two test files in parallel
 * workers) would otherwise both compile, and one's swap could fail on the other's fresh `dist/`.
 * The holder writes its pid into the lock: a lock whose holder is gone (a build stopped by
 * Ctrl-C, whose `finally` never ran) is taken over at once, not after minutes of waiting.
 */
export function withBuildLock(work, lockDir = lock) {
  let told = false;
  for (;;) {
    try {
      mkdirSync(lockDir);
      writeFileSync(path.join(lockDir, "owner"), String(process.pid));
      break;
    } catch (error) {
      if (error.code !== "EEXIST") throw error;
      const owner = lockOwner(lockDir);
      try {
        const gone = owner !== undefined && !isAlive(owner);
        // No pid yet: being written, unless it has been so for a minute (killed in between).
        const unwritten = owner === undefined && Date.now() - statSync(lockDir).mtimeMs > 60_000;
        // Checked again just before: another waiter may have taken a dead holder's lock already.
        if ((gone || unwritten) && lockOwner(lockDir) === owner)
          rmSync(lockDir, { recursive: true });
      } catch {
        // Released meanwhile: try again.
      }
      if (!told && owner !== undefined && owner !== process.pid) {
        process.stderr.write(`[build] waiting for the build of process ${owner}\n`);
        told = true;
      }
      sleepSync(100);
    }
  }
  try {
    return work();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

/** Builds when stale; a build already under way elsewhere is waited for, not repeated. */
export function buildIfStale(log) {
  if (!isStale()) return;
  withBuildLock(() => {
    if (isStale()) build(log);
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) build();
