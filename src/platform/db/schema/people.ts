import type { Audited } from './common.ts';

// ---- People (migrations/0007_people.sql) ----

export interface PeopleTable extends Audited {
  id: string;
  first_name: string;
  middle_names: string | null;
  last_name: string;
  date_of_birth: string | null;
  expected_date: string | null;
  gender: 'female' | 'male' | 'other' | 'not-known' | null;
  address: string | null;
  postcode: string | null;
  first_key: string;
  last_key: string;
  first_phon: string;
  last_phon: string;
  postcode_key: string | null;
  postcode_outward: string | null;
  /** migrations/0027: compact, check digit valid. */
  nhs_number: string | null;
  upn: string | null;
  merged_into: string | null;
  merged_at: Date | null;
  merged_by: string | null;
  merge_reason: string | null;
  /** migrations/0061: platform/demographics.ts codes; null where not recorded. */
  ethnicity: string | null;
  send: 'none' | 'sen-support' | 'ehc-plan' | 'not-known' | null;
}

export interface PeopleTables {
  people: PeopleTable;
}
