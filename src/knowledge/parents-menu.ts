import { z } from "zod";
import { localizedTextSchema, serviceIdSchema } from "./schemas.ts";

/**
 * Contract of `knowledge/parents-menu.yaml`: which services the bot lists for parents, in which
 * order, and which are for staff only. Every service of the catalogue is in exactly one of the
 * two lists (the loader checks it), so a new service is placed on purpose, never by file name.
 * A staff-only service leaves the parents' list but stays searchable and answerable.
 */
export const parentsMenuSchema = z.object({
  /** Service ids in the order a family of a child with special needs meets them. */
  parents: z.array(serviceIdSchema).min(1),
  /** Services for teachers and heads of organisations: not in the parents' list. */
  staff: z
    .array(
      z.object({
        service: serviceIdSchema,
        /** Why it is not a parent's service (for editors; never shown). */
        why: localizedTextSchema,
      }),
    )
    .default([]),
});
export type ParentsMenu = z.infer<typeof parentsMenuSchema>;

/** Problems of a menu against the catalogue's service ids: unknown, repeated or missing ids. */
export function checkParentsMenu(menu: ParentsMenu, serviceIds: readonly string[]): string[] {
  const problems: string[] = [];
  const known = new Set(serviceIds);
  const seen = new Set<string>();
  const visit = (id: string, at: string) => {
    if (!known.has(id)) problems.push(`parents-menu.yaml: ${at}: unknown service "${id}"`);
    if (seen.has(id)) problems.push(`parents-menu.yaml: ${at}: service "${id}" listed twice`);
    seen.add(id);
  };
  for (const [i, id] of menu.parents.entries()) visit(id, `parents[${i}]`);
  for (const [i, entry] of menu.staff.entries()) visit(entry.service, `staff[${i}].service`);
  for (const id of serviceIds)
    if (!seen.has(id))
      problems.push(`parents-menu.yaml: service "${id}" is in neither parents nor staff`);
  return problems;
}
