import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type CliCommand, createCliDeps } from "./cli/deps.ts";
import { loadConfig } from "./config.ts";

const commandDir = path.join(path.dirname(fileURLToPath(import.meta.url)), "cli");

function availableCommands(): string[] {
  return readdirSync(commandDir)
    .filter((file) => file.endsWith(".ts") && file !== "deps.ts")
    .map((file) => file.slice(0, -3))
    .sort();
}

/** `npm run --silent cli -- <command> [args]`: each command lives in `src/cli/<command>.ts`. */
async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  const commands = availableCommands();
  if (!name || name === "help" || name === "--help" || !commands.includes(name)) {
    if (name && name !== "help" && name !== "--help") console.error(`Unknown command: ${name}`);
    console.error(
      `Usage: npm run --silent cli -- <command> [args]\nCommands: ${commands.join(", ")}`,
    );
    return name && name !== "help" && name !== "--help" ? 2 : 0;
  }
  const config = loadConfig();
  const deps = createCliDeps(config);
  try {
    const module = (await import(path.join(commandDir, `${name}.ts`))) as { run: CliCommand };
    return await module.run(args, deps);
  } finally {
    await deps.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
