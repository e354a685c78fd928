import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/**
 * The text a real extractor (poppler's `pdftotext`) reads from a PDF, whitespace collapsed to
 * single spaces. pdftotext joins a word hyphenated at a line end, so compare long phrases with
 * {@link loose}.
 */
export async function pdfText(pdf: Uint8Array): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "qoldau-pdftext-"));
  try {
    const file = path.join(dir, "document.pdf");
    await writeFile(file, pdf);
    const { stdout } = await run("pdftotext", ["-enc", "UTF-8", file, "-"]);
    // Non-breaking hyphens and spaces keep "3-сынып" and "№ 45" on one line; read them plainly.
    return stdout.replace(/\u2011/g, "-").replace(/\s+/g, " ");
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A phrase with hyphens removed, to compare with text a line break may have dehyphenated. */
export const loose = (text: string) => text.replace(/-/g, "");
