import { readdirSync } from "node:fs";
import path from "node:path";
import type { Readable, Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import type { Config } from "../config.ts";
import { type CliCommand, createCliDeps } from "./deps.ts";

const commandDir = path.dirname(fileURLToPath(import.meta.url));
/** Files of `src/cli/` that are not commands. */
const notCommands = new Set(["deps.ts", "run.ts"]);

function availableCommands(): string[] {
  return readdirSync(commandDir)
    .filter((file) => file.endsWith(".ts") && !notCommands.has(file))
    .map((file) => file.slice(0, -3))
    .sort();
}

/**
 * Runs one command (`src/cli/<command>.ts`) and returns its exit code. `src/cli.ts` calls it
 * with the process's streams; tests call it in their own process with their own.
 */
export async function runCli(
  argv: string[],
  config: Config,
  io: { stdin: Readable; stdout: Writable } = { stdin: process.stdin, stdout: process.stdout },
): Promise<number> {
  const [name, ...args] = argv;
  const commands = availableCommands();
  if (!name || name === "help" || name === "--help" || !commands.includes(name)) {
    if (name && name !== "help" && name !== "--help") console.error(`Unknown command: ${name}`);
    console.error(
      `Usage: npm run --silent cli -- <command> [args]\nCommands: ${commands.join(", ")}`,
    );
    return name && name !== "help" && name !== "--help" ? 2 : 0;
  }
  const deps = createCliDeps(config, io);
  try {
    const module = (await import(path.join(commandDir, `${name}.ts`))) as { run: CliCommand };
    return await module.run(args, deps);
  } finally {
    await deps.close();
  }
}
