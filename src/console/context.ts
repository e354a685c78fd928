import type { FastifyReply, FastifyRequest } from "fastify";
import type { AuditLog } from "../audit/audit-log.ts";
import type { AppDeps } from "../deps.ts";
import type { Language } from "../i18n.ts";
import type { Metrics } from "../metrics/registry.ts";
import type { UserRepository } from "../users/repository.ts";
import type { Role, SessionUser } from "../users/roles.ts";
import type { LoginThrottle } from "./login-throttle.ts";
import type { ConsoleModules } from "./modules.ts";
import type { ConsoleSession } from "./session.ts";

/** Translates one message id of `locales/<lang>/console.ftl` (or any other feature file). */
export type Translate = (key: string, vars?: Record<string, string | number>) => string;

/** What every console page receives when it registers its routes. */
export interface ConsoleContext {
  deps: AppDeps;
  users: UserRepository;
  /** Wrong-password limits per account and per address (Redis, shared by every instance). */
  loginThrottle: LoginThrottle;
  audit: AuditLog;
  metrics: Metrics;
  /** `t(lang)` gives a translator for one language. */
  t(lang: Language): Translate;
  /** Answers, cards and flows of the current catalogue snapshot (a reload replaces them). */
  modules(): ConsoleModules;
  /** Loads `knowledge/` again; on success every transport uses the new catalogue. */
  reloadCatalogue(): Promise<
    { ok: true; services: number; sources: number } | { ok: false; problems: string[] }
  >;
}

declare module "fastify" {
  interface FastifyContextConfig {
    /** Roles allowed on a console route; a route that names none is admin-only. */
    roles?: readonly Role[];
    /** Reachable without signing in (login, static files). */
    public?: boolean;
  }
  interface FastifyRequest {
    /** The signed-in console user (read through `users.signedIn`: a role change applies at once). */
    consoleUser: SessionUser | null;
    lang: Language;
    /** The console session (`session.ts`); before sign-in it holds no user and is not stored. */
    session: ConsoleSession;
  }
}

/** The signed-in user of a route that declared roles (the guard has already run). */
export function userOf(request: FastifyRequest): SessionUser {
  if (!request.consoleUser) throw new Error("console route reached without a user");
  return request.consoleUser;
}

export type Handler = (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
