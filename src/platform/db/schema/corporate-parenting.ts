import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt } from './common.ts';

// ---- Corporate parenting: the children in care and care leavers register (migrations/0079_corporate_parenting.sql) ----

export type CpImportOutcome = 'imported' | 'refused';
export type CpChildStatus = 'in-care' | 'care-leaver';
export type CpLifeStory = 'not-started' | 'in-progress' | 'complete';
export type CpEet = 'education' | 'employment' | 'training' | 'neet-seeking-work' | 'neet-other';
export type CpEventKind = 'health-check' | 'pep';

/** One problem of a refused register file: the row (1 is the header), the column and what is wrong. */
export interface CpImportProblem {
  row: number;
  column: string;
  message: string;
}

/** What an imported file changed: children added, removed and changed (by social care id), and the rows of each kind. */
export interface CpImportChanges {
  added?: string[];
  removed?: string[];
  changed?: string[];
  rows?: Record<string, { before: number; after: number }>;
}

export interface CpImportsTable {
  id: string;
  file_name: string;
  file_kind: 'csv' | 'xlsx';
  outcome: CpImportOutcome;
  total_rows: number;
  refused_rows: number;
  report: ColumnType<CpImportProblem[], string | undefined, string>;
  changes: ColumnType<CpImportChanges, string | undefined, string>;
  created_at: CreatedAt;
  created_by: string | null;
  /** migrations/0085: the background count of the register's measures after the import (null: not yet). */
  counting_started_at: Date | null;
  counted_at: Date | null;
  /** The years that count covered (period labels). */
  counted_periods: Generated<string[]>;
  /** migrations/0090: runs of that count that failed since it last finished, and when the last one failed. */
  count_failures: Generated<number>;
  count_failed_at: Date | null;
}

export interface CpChildrenTable {
  id: string;
  social_care_id: string;
  name: string;
  /** 'YYYY-MM-DD'. */
  date_of_birth: string;
  gender: string;
  ethnicity: string;
  separated_migrant: boolean;
  status: CpChildStatus;
  import_id: string;
  /** migrations/0085: 10 digits, check digit valid; null where the file gives none. */
  nhs_number: string | null;
}

/** A child's statuses as at a day (migrations/0085): each import adds the file's, so past years keep theirs. */
export interface CpStatusesTable {
  id: string;
  social_care_id: string;
  /** 'YYYY-MM-DD'. */
  as_at: string;
  immunisations_up_to_date: boolean | null;
  sdq_score: number | null;
  health_passport: Generated<boolean>;
  life_story: CpLifeStory;
  personal_adviser: Generated<string>;
  accommodation_suitable: boolean | null;
  eet: CpEet | null;
  import_id: string;
}

export interface CpCarePeriodsTable {
  id: string;
  child_id: string;
  starts_on: string;
  ends_on: string | null;
}

export interface CpPlacementsTable {
  id: string;
  child_id: string;
  placement_type: string;
  in_house: boolean;
  starts_on: string;
  ends_on: string | null;
  distance_miles: number;
  in_area: boolean;
  /** migrations/0085: the foster carer's ethnicity (platform/demographics.ts codes); null where not given. */
  carer_ethnicity: string | null;
}

export interface CpEventsTable {
  id: string;
  child_id: string;
  kind: CpEventKind;
  on_date: string;
}

export interface CorporateParentingTables {
  cp_imports: CpImportsTable;
  cp_children: CpChildrenTable;
  cp_statuses: CpStatusesTable;
  cp_care_periods: CpCarePeriodsTable;
  cp_placements: CpPlacementsTable;
  cp_events: CpEventsTable;
}
