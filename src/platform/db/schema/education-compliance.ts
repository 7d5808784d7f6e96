import type { Generated } from 'kysely';
import type { CreatedAt, Timestamp } from './common.ts';

/** migrations/0062_education_compliance.sql: children missing education and elective home education (issue 15). */
export type EducationCaseKind = 'cme' | 'ehe';
export type EducationOutcome = 'on-roll' | 'moved-authority' | 'left-country' | 'school-leaving-age';
export type SaoStage = 'notice' | 'order' | 'prosecution-referral';

export interface EducationCasesTable {
  id: string;
  kind: EducationCaseKind;
  person_id: string;
  first_name: string;
  last_name: string;
  /** 'YYYY-MM-DD'. */
  date_of_birth: string;
  /** The school year (its starting calendar year) of the child's birth, by the 1 September rule. */
  birth_school_year: number;
  district: string;
  source: string;
  reported_on: string;
  school: string | null;
  details: Generated<string>;
  cme_from: string | null;
  ehe_from: string | null;
  ehe_to: string | null;
  priority: Generated<boolean>;
  priority_reasons: Generated<string[]>;
  assessment: 'suitable' | 'unsuitable' | null;
  assessed_on: string | null;
  assessment_notes: string | null;
  outcome: EducationOutcome | null;
  outcome_on: string | null;
  outcome_school: string | null;
  outcome_authority: string | null;
  outcome_confirmed_on: string | null;
  sao_stage: SaoStage | null;
  sao_notice_on: string | null;
  sao_order_on: string | null;
  sao_prosecution_on: string | null;
  closed_on: string | null;
  created_at: CreatedAt;
  created_by: string;
  updated_at: Timestamp;
  updated_by: string | null;
  version: Generated<number>;
}

export interface EducationCaseEventsTable {
  id: string;
  case_id: string;
  kind: 'enquiry' | 'concern';
  source: string;
  on_date: string;
  details: string;
  created_at: CreatedAt;
  created_by: string;
}

/**
 * migrations/0084_education_case_counts.sql: the open cases counted per kind, district, school year of birth and
 * priority, kept by triggers on education_cases (the list's total is a sum of these rows).
 */
export interface EducationCaseCountsTable {
  kind: EducationCaseKind;
  district: string;
  birth_school_year: number;
  priority: boolean;
  open_cases: number;
}

export interface EducationComplianceTables {
  education_cases: EducationCasesTable;
  education_case_events: EducationCaseEventsTable;
  education_case_counts: EducationCaseCountsTable;
}
