import { afterAll, beforeAll } from "vitest";
import type { NewUser } from "../../src/users/repository.ts";
import { createUserRepository } from "../../src/users/repository.ts";
import { buildApp } from "./app.ts";
import { ConsoleClient } from "./console-client.ts";
import { testRedisUrl } from "./suite-redis.ts";

export type ConsoleApp = Awaited<ReturnType<typeof buildApp>>;

export const operatorUser = {
  email: "op@qoldau.test",
  password: "operator-pass-1",
  role: "operator",
} as const satisfies NewUser;

export const school12User = {
  email: "school12@qoldau.test",
  password: "school-pass-12",
  role: "school_admin",
  providerId: "ast-school-12",
} as const satisfies NewUser;

/**
 * The whole app on the suite's Redis and a fresh SQLite file, with console accounts:
 * each of `users` gets a client signed in under its key; `accounts` are only created.
 * The caller closes `app`.
 */
export async function startConsole<Name extends string = never>(
  options: {
    env?: Record<string, string>;
    users?: Record<Name, NewUser>;
    accounts?: NewUser[];
  } = {},
): Promise<{ app: ConsoleApp; clients: Record<Name, ConsoleClient> }> {
  const app = await buildApp(testRedisUrl(), options.env);
  const repository = createUserRepository(app.deps.db);
  const users = Object.entries(options.users ?? {}) as [Name, NewUser][];
  for (const [, user] of users) await repository.create(user);
  for (const user of options.accounts ?? []) await repository.create(user);
  const clients = {} as Record<Name, ConsoleClient>;
  for (const [name, user] of users) {
    clients[name] = new ConsoleClient(app.url);
    await clients[name].login(user.email, user.password);
  }
  return { app, clients };
}

/**
 * `startConsole` around the whole suite (beforeAll/afterAll): the result exposes the app and
 * each signed-in client by name once the suite has started.
 */
export function useConsole<Name extends string = never>(
  options: Parameters<typeof startConsole<Name>>[0] = {},
): { readonly app: ConsoleApp } & { readonly [N in Name]: ConsoleClient } {
  let started: Awaited<ReturnType<typeof startConsole<Name>>> | undefined;
  beforeAll(async () => {
    started = await startConsole(options);
  });
  afterAll(async () => {
    await started?.app.close();
  });
  const get = () => {
    if (!started) throw new Error("the console app exists only inside the suite's tests");
    return started;
  };
  const suite = {
    get app() {
      return get().app;
    },
  };
  for (const name of Object.keys(options.users ?? {}))
    Object.defineProperty(suite, name, { get: () => get().clients[name as Name] });
  return suite as { readonly app: ConsoleApp } & { readonly [N in Name]: ConsoleClient };
}
