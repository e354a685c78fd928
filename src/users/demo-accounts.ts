import { readFileSync } from "node:fs";
import { z } from "zod";
import type { Logger } from "../logger.ts";
import { UserExistsError, type UserRepository } from "./repository.ts";
import { roleSchema } from "./roles.ts";

/** One console account of the demo (`demo/accounts.json`), for each role. */
export const demoAccountSchema = z.object({
  role: roleSchema,
  email: z.email(),
  password: z.string().min(10),
  providerId: z.string().min(1).optional(),
  displayName: z.string().max(120).optional(),
});
export type DemoAccount = z.infer<typeof demoAccountSchema>;

const fileSchema = z.object({ accounts: z.array(demoAccountSchema).min(1) });

/** The demo accounts, read and checked once. */
export function loadDemoAccounts(file = "demo/accounts.json"): DemoAccount[] {
  return fileSchema.parse(JSON.parse(readFileSync(file, "utf8"))).accounts;
}

/** Creates the demo accounts that do not exist yet (DEMO_DATA=1 only). */
export async function ensureDemoAccounts(
  users: UserRepository,
  accounts: DemoAccount[],
  logger: Logger,
): Promise<void> {
  let created = 0;
  for (const account of accounts) {
    try {
      await users.create(account);
      created += 1;
    } catch (error) {
      if (!(error instanceof UserExistsError)) throw error;
    }
  }
  if (created > 0) logger.info({ created }, "demo console accounts created (see the login page)");
}
