import { z } from "zod";
import { type Db, isUniqueViolation } from "../db/database.ts";
import type { Logger } from "../logger.ts";
import { decoyPasswordHash, hashPassword, verifyPassword } from "./passwords.ts";
import { type Role, roleSchema, type SessionUser } from "./roles.ts";

/** Input for a new console user; a school_admin must name their provider. */
export const newUserSchema = z
  .object({
    email: z.email().transform((value) => value.toLowerCase()),
    password: z.string().min(10, "at least 10 characters"),
    role: roleSchema,
    providerId: z.string().min(1).nullish(),
    displayName: z.string().max(120).nullish(),
  })
  .refine((user) => user.role !== "school_admin" || !!user.providerId, {
    message: "a school_admin needs a provider id",
    path: ["providerId"],
  });
export type NewUser = z.input<typeof newUserSchema>;

export interface UserRow extends SessionUser {
  disabled: boolean;
  createdAt: string;
  lastLoginAt: string | null;
}

export class UserExistsError extends Error {
  override readonly name = "UserExistsError";
}

/** A school admin bound to a provider id that the directory does not have (import it first). */
export class UnknownProviderError extends Error {
  override readonly name = "UnknownProviderError";
}

function toRow(row: {
  id: number;
  email: string;
  role: Role;
  provider_id: string | null;
  display_name: string | null;
  disabled: number;
  created_at: string;
  last_login_at: string | null;
}): UserRow {
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    providerId: row.provider_id,
    displayName: row.display_name,
    disabled: row.disabled === 1,
    createdAt: row.created_at,
    lastLoginAt: row.last_login_at,
  };
}

const columns = [
  "id",
  "email",
  "role",
  "provider_id",
  "display_name",
  "disabled",
  "created_at",
  "last_login_at",
] as const;

/** How long a signed-in user read for one request answers the next ones without the database. */
export const SIGNED_IN_CACHE_MS = 5_000;

/**
 * The signed-in users of each database, shared by every repository on it: a role change or a
 * disabled account written through any of them clears the entry, so the next request sees it.
 */
const signedInCaches = new WeakMap<
  Db,
  Map<number, { user: SessionUser | undefined; until: number }>
>();

function signedInCache(db: Db) {
  let cache = signedInCaches.get(db);
  if (!cache) {
    cache = new Map();
    signedInCaches.set(db, cache);
  }
  return cache;
}

/** Console users: creation, login, roles. Passwords are argon2id hashes only. */
export function createUserRepository(db: Db, options: { now?: () => number } = {}) {
  const now = options.now ?? Date.now;
  const signedIn = signedInCache(db);
  const assertProvider = async (id: string) => {
    const provider = await db
      .selectFrom("provider")
      .select("id")
      .where("id", "=", id)
      .executeTakeFirst();
    if (!provider)
      throw new UnknownProviderError(
        `unknown provider "${id}": import the provider directory first`,
      );
  };
  return {
    async create(input: NewUser): Promise<UserRow> {
      const user = newUserSchema.parse(input);
      const existing = await db
        .selectFrom("users")
        .select("id")
        .where("email", "=", user.email)
        .executeTakeFirst();
      if (existing) throw new UserExistsError(`user ${user.email} already exists`);
      if (user.role === "school_admin") await assertProvider(user.providerId ?? "");
      const inserted = db
        .insertInto("users")
        .values({
          email: user.email,
          password_hash: await hashPassword(user.password),
          role: user.role,
          provider_id: user.role === "school_admin" ? (user.providerId ?? null) : null,
          display_name: user.displayName ?? null,
          created_at: new Date().toISOString(),
          last_login_at: null,
        })
        .returning(columns)
        .executeTakeFirstOrThrow()
        .catch((error: unknown) => {
          // The same address created at the same moment elsewhere (another instance).
          if (isUniqueViolation(error))
            throw new UserExistsError(`user ${user.email} already exists`);
          throw error;
        });
      return toRow(await inserted);
    },

    /** The user when email and password match an enabled account; undefined otherwise. */
    async authenticate(email: string, password: string): Promise<UserRow | undefined> {
      const row = await db
        .selectFrom("users")
        .select([...columns, "password_hash"])
        .where("email", "=", email.trim().toLowerCase())
        .executeTakeFirst();
      const ok = await verifyPassword(row?.password_hash ?? (await decoyPasswordHash()), password);
      if (!row || !ok || row.disabled === 1) return undefined;
      await db
        .updateTable("users")
        .set({ last_login_at: new Date().toISOString() })
        .where("id", "=", row.id)
        .execute();
      return toRow(row);
    },

    async findByEmail(email: string): Promise<UserRow | undefined> {
      const row = await db
        .selectFrom("users")
        .select(columns)
        .where("email", "=", email.trim().toLowerCase())
        .executeTakeFirst();
      return row ? toRow(row) : undefined;
    },

    async findById(id: number): Promise<UserRow | undefined> {
      const row = await db
        .selectFrom("users")
        .select(columns)
        .where("id", "=", id)
        .executeTakeFirst();
      return row ? toRow(row) : undefined;
    },

    /**
     * The user a console session belongs to, undefined when gone or disabled. Every console
     * request asks, so the answer is kept for `SIGNED_IN_CACHE_MS`; `update` clears it.
     */
    async signedIn(id: number): Promise<SessionUser | undefined> {
      const cached = signedIn.get(id);
      if (cached && cached.until > now()) return cached.user;
      const row = await db
        .selectFrom("users")
        .select(columns)
        .where("id", "=", id)
        .executeTakeFirst();
      const user: SessionUser | undefined =
        row && row.disabled !== 1
          ? Object.freeze({
              id: row.id,
              email: row.email,
              role: row.role,
              providerId: row.provider_id,
              displayName: row.display_name,
            })
          : undefined;
      signedIn.set(id, { user, until: now() + SIGNED_IN_CACHE_MS });
      return user;
    },

    async list(): Promise<UserRow[]> {
      const rows = await db.selectFrom("users").select(columns).orderBy("email").execute();
      return rows.map(toRow);
    },

    async update(
      id: number,
      change: { role: Role; providerId: string | null; disabled: boolean },
    ): Promise<void> {
      if (change.role === "school_admin" && !change.providerId)
        throw new Error("a school_admin needs a provider id");
      if (change.role === "school_admin") await assertProvider(change.providerId ?? "");
      await db
        .updateTable("users")
        .set({
          role: change.role,
          provider_id: change.role === "school_admin" ? change.providerId : null,
          disabled: change.disabled ? 1 : 0,
        })
        .where("id", "=", id)
        .execute();
      signedIn.delete(id);
    },

    async setPassword(id: number, password: string): Promise<void> {
      z.string().min(10).parse(password);
      await db
        .updateTable("users")
        .set({ password_hash: await hashPassword(password) })
        .where("id", "=", id)
        .execute();
    },
  };
}
export type UserRepository = ReturnType<typeof createUserRepository>;

/**
 * Creates the first administrator from ADMIN_EMAIL/ADMIN_PASSWORD when no user has that email.
 * An existing account is left as is, so a changed password in the console survives restarts.
 */
export async function ensureFirstAdmin(
  users: UserRepository,
  config: { ADMIN_EMAIL?: string | undefined; ADMIN_PASSWORD?: string | undefined },
  logger: Logger,
): Promise<void> {
  if (!config.ADMIN_EMAIL || !config.ADMIN_PASSWORD) return;
  try {
    await users.create({
      email: config.ADMIN_EMAIL,
      password: config.ADMIN_PASSWORD,
      role: "admin",
    });
    logger.info("first console administrator created from ADMIN_EMAIL");
  } catch (error) {
    if (!(error instanceof UserExistsError)) throw error;
  }
}
