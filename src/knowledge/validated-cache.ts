import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * YAML files already parsed and validated, kept on disk between starts. Parsing YAML and
 * validating it with zod was most of a start's CPU; a file whose exact text was validated
 * before by the same code gives the same value, so that value is read back as JSON instead.
 *
 * An entry is used only when both match: the SHA-256 of the file's text (not its modification
 * time, which a checkout or a copy can keep while the text changes) and the fingerprint of the
 * code that validates (the `knowledge`, `flows` and `documents` folders of the code, and
 * package.json for the library versions). Only valid files are stored, so a broken file is
 * read and reported as before, and the checks across files run on every load. The cache is an
 * optimisation only: one that cannot be read or written is ignored.
 */
export interface ValidatedFiles {
  /** The stored value of `rel` when it was validated with exactly this text, else undefined. */
  get(rel: string, text: string): unknown;
  /** Records the validated value of `rel` with this text, for the next load. */
  set(rel: string, text: string, value: unknown): void;
  /** Writes what this load used (files gone since are dropped), when anything changed. */
  save(): void;
}

interface Stored {
  code: string;
  files: Record<string, { hash: string; value: unknown }>;
}

/** `src/` under tsx, `dist/` when compiled. */
const codeRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const validatingCode = ["knowledge", "flows", "documents"];

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) =>
      entry.isDirectory() ? filesUnder(path.join(dir, entry.name)) : [path.join(dir, entry.name)],
    )
    .sort();
}

let fingerprint: string | undefined;
function codeFingerprint(): string {
  if (fingerprint) return fingerprint;
  const hash = createHash("sha256");
  const files = [
    ...validatingCode.flatMap((dir) => filesUnder(path.join(codeRoot, dir))),
    path.join(codeRoot, "..", "package.json"),
  ];
  for (const file of files) {
    hash.update(path.relative(codeRoot, file));
    try {
      hash.update(readFileSync(file));
    } catch {
      hash.update("(missing)");
    }
  }
  fingerprint = hash.digest("hex");
  return fingerprint;
}

const textHash = (text: string) => createHash("sha256").update(text).digest("hex");

/** Nothing stored or read: every file is parsed and validated. */
const noCache: ValidatedFiles = {
  get: () => undefined,
  set: () => {},
  save: () => {},
};

/**
 * Opens the stored values of one loader (`name`: knowledge, flows…) for the YAML folder `dir`
 * under `cacheDir` (one JSON file each, per code root), or no cache at all when `cacheDir` is undefined or
 * empty. Each load saves only the files it read, so two loaders never share a file.
 */
export function openValidatedFiles(
  cacheDir: string | undefined,
  name: string,
  dir: string,
): ValidatedFiles {
  if (!cacheDir) return noCache;
  const code = codeFingerprint();
  // One file per code root: a development run under tsx (`src/`) and the compiled start
  // (`dist/`) validate with different code, and sharing a file made each discard the other's.
  const file = path.join(
    cacheDir,
    `${name}-${path.basename(codeRoot)}-${textHash(path.resolve(dir)).slice(0, 16)}.json`,
  );
  let stored: Stored["files"] = {};
  try {
    const parsed = JSON.parse(readFileSync(file, "utf8")) as Stored;
    if (parsed.code === code && parsed.files && typeof parsed.files === "object")
      stored = parsed.files;
  } catch {
    // No snapshot yet, or an unreadable one: this load validates everything and writes one.
  }
  const used: Stored["files"] = {};
  let changed = false;
  return {
    get(rel, text) {
      const entry = stored[rel];
      if (!entry || entry.hash !== textHash(text)) return undefined;
      used[rel] = entry;
      return entry.value;
    },
    set(rel, text, value) {
      used[rel] = { hash: textHash(text), value };
      changed = true;
    },
    save() {
      if (!changed && Object.keys(used).length === Object.keys(stored).length) return;
      const next = `${file}.${process.pid}-${Date.now()}`;
      try {
        mkdirSync(cacheDir, { recursive: true });
        writeFileSync(next, JSON.stringify({ code, files: used } satisfies Stored));
        // A rename replaces the file whole: another process never reads half of one.
        renameSync(next, file);
      } catch {
        try {
          rmSync(next, { force: true });
        } catch {
          // Nothing was written (the folder cannot exist): nothing to remove.
        }
      }
    },
  };
}
