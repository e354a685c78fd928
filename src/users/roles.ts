import { z } from "zod";

export const roles = ["operator", "school_admin", "admin"] as const;
export const roleSchema = z.enum(roles);
export type Role = z.infer<typeof roleSchema>;

/** What a signed-in console user carries in the session; never the password hash. */
export interface SessionUser {
  id: number;
  email: string;
  role: Role;
  /** Set only for school_admin: the one provider (school) whose data they may see. */
  providerId: string | null;
  displayName: string | null;
}
