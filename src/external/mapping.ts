import type { Stage } from "../applications/stages.ts";

/**
 * How each information system names its statuses, mapped onto the catalogue's stages.
 * Bilimal (schools: home schooling, first grade) uses English codes; Malahit (ПМПК,
 * rehabilitation, special admission) uses Russian transliterated ones. A status missing
 * here is a contract change on their side: the adapter reports it instead of guessing.
 */
export const STATUS_MAPPINGS: Record<string, Record<string, Stage>> = {
  Bilimal: {
    NEW: "received",
    REGISTERED: "registered",
    IN_WORK: "assigned",
    RESULT_READY: "result_prepared",
    SIGNED: "signed",
    ISSUED: "issued",
    REJECTED: "refused",
  },
  Malahit: {
    POSTUPILO: "received",
    ZAREGISTRIROVANO: "registered",
    NA_ISPOLNENII: "assigned",
    PODGOTOVLEN_REZULTAT: "result_prepared",
    PODPISANO: "signed",
    VYDANO: "issued",
    OTKAZ: "refused",
  },
};

export function mapExternalStatus(system: string, status: string): Stage | undefined {
  return STATUS_MAPPINGS[system]?.[status];
}
