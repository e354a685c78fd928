/** An administrator's value for an admission window; it wins over `knowledge/admission-windows.yaml`. */
export interface AdmissionWindowOverrideTable {
  kind: string;
  year: number;
  opens_on: string;
  closes_on: string;
  note: string | null;
  updated_by: string | null;
  updated_at: string;
}

export interface FoundationTables {
  admission_window_override: AdmissionWindowOverrideTable;
}
