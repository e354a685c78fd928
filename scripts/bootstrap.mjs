#!/usr/bin/env node
// Runs before `npm start` and `npm test`: installs what a fresh Debian machine lacks.
// Only Node built-ins here, because node_modules may not exist yet.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, lstatSync, readdirSync, readFileSync, statSync } from "node:fs";
import { buildIfStale } from "./build.mjs";

const forTests = process.argv.includes("--test");
const isRoot = typeof process.getuid === "function" && process.getuid() === 0;

function log(message) {
  console.error(`[bootstrap] ${message}`);
}

function has(command) {
  return spawnSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" }).status === 0;
}

function run(command, args, env = {}, quiet = false) {
  execFileSync(command, args, {
    stdio: ["ignore", quiet ? "pipe" : "inherit", quiet ? "pipe" : "inherit"],
    env: { ...process.env, ...env },
  });
}

function dependenciesAreCurrent() {
  const marker = "node_modules/.package-lock.json";
  if (!existsSync(marker) || !existsSync("node_modules/better-sqlite3/build/Release")) return false;
  return statSync(marker).mtimeMs >= statSync("package-lock.json").mtimeMs;
}

let aptUpdated = false;
function aptInstall(packages, why) {
  if (!isRoot || !has("apt-get")) {
    log(
      `${why}: please install ${packages.join(" ")} (Debian: sudo apt-get install ${packages.join(" ")}).`,
    );
    return false;
  }
  log(`installing ${packages.join(" ")} from Debian's packages (${why})`);
  const env = { DEBIAN_FRONTEND: "noninteractive" };
  if (!aptUpdated) {
    run("apt-get", ["update", "-qq"], env);
    aptUpdated = true;
  }
  run("apt-get", ["install", "-y", "-qq", "--no-install-recommends", ...packages], env);
  return true;
}

function hasPostgresServer() {
  if (!existsSync("/usr/lib/postgresql")) return false;
  return readdirSync("/usr/lib/postgresql").some((version) =>
    existsSync(`/usr/lib/postgresql/${version}/bin/initdb`),
  );
}

function envValue(name) {
  if (process.env[name]) return process.env[name];
  if (!existsSync(".env")) return undefined;
  const line = readFileSync(".env", "utf8")
    .split("\n")
    .find((entry) => entry.startsWith(`${name}=`));
  return line?.slice(name.length + 1).trim() || undefined;
}

// A git worktree may share another checkout's node_modules through a symlink; `npm ci` there
// would empty the shared folder under whoever else is using it.
const sharedModules = existsSync("node_modules") && lstatSync("node_modules").isSymbolicLink();

if (!sharedModules && !dependenciesAreCurrent()) {
  log("installing npm dependencies (npm ci)");
  try {
    run("npm", ["ci", "--no-audit", "--no-fund"], {}, true);
  } catch {
    // A registry mirror that lacks other platforms' optional packages makes `npm ci` reject
    // the lock file; `npm install` still installs the locked versions.
    log("npm ci refused the lock file; installing the locked versions with npm install");
    run("npm", ["install", "--no-audit", "--no-fund"]);
  }
}

// Tests always use a local redis-server; the app only when no REDIS_URL is configured.
if ((forTests || !envValue("REDIS_URL")) && !has("redis-server")) {
  if (!aptInstall(["redis-server"], "no REDIS_URL is set, so Qoldau runs a local redis-server"))
    process.exit(1);
}

// The database tests run every database-facing file on SQLite and on a real PostgreSQL server
// that the test set-up starts from Debian's packages (tests/support/postgres-server.ts).
if (forTests && !hasPostgresServer()) {
  if (!aptInstall(["postgresql"], "the database tests also run against a real PostgreSQL"))
    process.exit(1);
}

if (forTests && !existsSync("/usr/bin/chromium")) {
  if (!aptInstall(["chromium", "fonts-dejavu-core"], "the browser tests drive Debian's chromium"))
    process.exit(1);
}

// Documents for parents are PDFs with an embedded open font covering every Kazakh letter;
// the tests read them back with poppler's pdftotext.
if (!existsSync("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf")) {
  if (!aptInstall(["fonts-dejavu-core"], "PDF documents embed the DejaVu Serif font"))
    process.exit(1);
}
if (forTests && !has("pdftotext")) {
  if (!aptInstall(["poppler-utils"], "the document tests extract PDF text with pdftotext"))
    process.exit(1);
}

// `npm start` runs the compiled JavaScript in dist/ (tsx is for development and tests); it is
// rebuilt here whenever a source is newer. The tests build it too: one of them runs `npm start`.
buildIfStale((message) => log(message));
