/** An administrator's value for an admission window; it wins over `knowledge/admission-windows.yaml`. */
export interface AdmissionWindowOverrideTable {
  kind: string;
  year: number;
  /** `YYYY-MM-DD`; null when only the closing date is known. */
  opens_on: string | null;
  closes_on: string;
  note: string | null;
  updated_by: string | null;
  updated_at: string;
}

export interface FoundationTables {
  admission_window_override: AdmissionWindowOverrideTable;
}
