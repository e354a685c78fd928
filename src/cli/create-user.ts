import { parseArgs } from "node:util";
import { ZodError } from "zod";
import {
  createUserRepository,
  UnknownProviderError,
  UserExistsError,
} from "../users/repository.ts";
import type { CliDeps } from "./deps.ts";

const usage = `Usage: npm run --silent cli -- create-user --email <email> --role <operator|school_admin|admin> [--provider <id>] [--name <display name>]
The password is read from the first line of stdin (or --password, which other users can see in the process list).`;

/** Creates a console user; prints the new id. Exit 2 on bad input, 3 when the email is taken. */
export async function run(args: string[], deps: CliDeps): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args,
      options: {
        email: { type: "string" },
        role: { type: "string" },
        provider: { type: "string" },
        name: { type: "string" },
        password: { type: "string" },
        help: { type: "boolean" },
      },
      strict: true,
    }).values;
  } catch (error) {
    console.error(`${(error as Error).message}\n${usage}`);
    return 2;
  }
  if (values.help) {
    console.error(usage);
    return 0;
  }
  const password = typeof values.password === "string" ? values.password : await readFirstLine();
  const users = createUserRepository(await deps.database());
  try {
    const user = await users.create({
      email: String(values.email ?? ""),
      password,
      role: values.role as "operator",
      providerId: typeof values.provider === "string" ? values.provider : null,
      displayName: typeof values.name === "string" ? values.name : null,
    });
    console.log(`created user ${user.id} ${user.email} (${user.role})`);
    return 0;
  } catch (error) {
    if (error instanceof UserExistsError) {
      console.error(error.message);
      return 3;
    }
    if (error instanceof UnknownProviderError) {
      console.error(error.message);
      return 2;
    }
    if (error instanceof ZodError) {
      console.error(
        `${error.issues.map((i) => `${i.path.join(".") || "input"}: ${i.message}`).join("\n")}\n${usage}`,
      );
      return 2;
    }
    throw error;
  }
}

async function readFirstLine(): Promise<string> {
  if (process.stdin.isTTY) return "";
  let text = "";
  for await (const chunk of process.stdin) {
    text += String(chunk);
    if (text.includes("\n")) break;
  }
  return text.split(/\r?\n/)[0] ?? "";
}
