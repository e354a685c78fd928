import { runCli } from "./cli/run.ts";
import { loadConfig } from "./config.ts";

/** `npm run --silent cli -- <command> [args]`: each command lives in `src/cli/<command>.ts`. */
runCli(process.argv.slice(2), loadConfig()).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
