import type { Catalogue } from "./catalogue.ts";
import type { AdmissionKind, AdmissionWindowClaim, Citation, LocalizedText } from "./schemas.ts";

/** An administrator's window from the database; wins over `knowledge/admission-windows.yaml`. */
export interface AdmissionWindowOverride {
  kind: AdmissionKind;
  year: number;
  /** `YYYY-MM-DD`, inclusive; absent when only the end is known. */
  start?: string;
  /** `YYYY-MM-DD`, inclusive. */
  end: string;
  note?: string;
  /** When the administrator set it (ISO), so answers can say which date they follow. */
  updatedAt?: string;
}

/** The window in effect for a kind and year, and where it comes from. */
export interface ResolvedAdmissionWindow {
  kind: AdmissionKind;
  year: number;
  start?: string;
  end: string;
  /**
   * `override`: set by an administrator; `configured`: from the knowledge file for that year;
   * `assumed`: no value for that year, the latest earlier configured year's dates moved to it
   * (answers must say it is not confirmed).
   */
  origin: "override" | "configured" | "assumed";
  citations: Citation[];
  note?: LocalizedText | string;
  /** For `override`: when the administrator set it (ISO). */
  updatedAt?: string;
  /** Every source's claim that applies to the year (undated claims included), for "sources differ" answers. */
  claims: AdmissionWindowClaim[];
}

const moveToYear = (date: string, year: number) => `${year}${date.slice(4)}`;

/**
 * Resolves the application window for `kind` and `year`: an override for that kind and year
 * wins, then the configured value in the catalogue, then the latest earlier configured year
 * moved to `year` (origin `assumed`). Undefined when nothing is known for the kind.
 */
export function resolveAdmissionWindow(
  catalogue: Pick<Catalogue, "admissionWindows">,
  kind: AdmissionKind,
  year: number,
  overrides: readonly AdmissionWindowOverride[] = [],
): ResolvedAdmissionWindow | undefined {
  const { claims, configured } = catalogue.admissionWindows;
  const relevantClaims = claims.filter(
    (c) => c.kind === kind && (c.years.length === 0 || c.years.includes(year)),
  );
  const override = overrides.find((o) => o.kind === kind && o.year === year);
  const exact = configured.find((c) => c.kind === kind && c.year === year);
  if (override) {
    return {
      kind,
      year,
      ...(override.start ? { start: override.start } : {}),
      end: override.end,
      origin: "override",
      citations: exact?.citations ?? [],
      ...(override.note ? { note: override.note } : {}),
      ...(override.updatedAt ? { updatedAt: override.updatedAt } : {}),
      claims: relevantClaims,
    };
  }
  if (exact) {
    return {
      kind,
      year,
      ...(exact.start ? { start: exact.start } : {}),
      end: exact.end,
      origin: "configured",
      citations: exact.citations,
      ...(exact.note ? { note: exact.note } : {}),
      claims: relevantClaims,
    };
  }
  const earlier = configured
    .filter((c) => c.kind === kind && c.year < year)
    .sort((a, b) => b.year - a.year)[0];
  if (!earlier) return undefined;
  return {
    kind,
    year,
    ...(earlier.start ? { start: moveToYear(earlier.start, year) } : {}),
    end: moveToYear(earlier.end, year),
    origin: "assumed",
    citations: earlier.citations,
    ...(earlier.note ? { note: earlier.note } : {}),
    claims: relevantClaims,
  };
}

/** Whether a local date `YYYY-MM-DD` falls inside the window (both ends inclusive). */
export function isWithinAdmissionWindow(window: ResolvedAdmissionWindow, date: string): boolean {
  return (window.start === undefined || date >= window.start) && date <= window.end;
}
