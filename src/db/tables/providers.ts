/** A service provider: a school, a ПМПК, a rehabilitation centre or correction room, a special organisation. */
export interface ProviderTable {
  id: string;
  kind: string;
  name_kk: string;
  name_ru: string;
  region_id: string;
  region_kk: string;
  region_ru: string;
  /** The school's number as parents say it ("№ 12"), for search. */
  number: string | null;
  address: string | null;
  phone: string | null;
}

export interface ProviderTables {
  provider: ProviderTable;
}
