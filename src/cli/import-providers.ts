import { readFile } from "node:fs/promises";
import { directoryKinds, importProvidersCsv } from "../providers/directory.ts";
import type { CliCommand } from "./deps.ts";

/** `npm run --silent cli -- import-providers <file.csv>`: loads schools and other providers. */
export const run: CliCommand = async (args, deps) => {
  const file = args[0];
  if (!file) {
    console.error("Usage: npm run --silent cli -- import-providers demo/providers.csv");
    return 2;
  }
  const count = await importProvidersCsv(
    await deps.database(),
    await readFile(file, "utf8"),
    directoryKinds(await deps.catalogue()),
  );
  console.log(`Imported ${count} providers from ${file}`);
  return 0;
};
