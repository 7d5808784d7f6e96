import type { Generated } from 'kysely';
import type { Audited, CreatedAt, Timestamp } from './common.ts';

// ---- MACE 1: nominations, cases, meetings, agency information, discussions, protection plans (migrations/0050_mace1.sql) ----

/** 'at-risk': at high risk of being exploited; 'exploiting-peers': a vulnerable young person exploiting peers. */
export type Mace1Kind = 'at-risk' | 'exploiting-peers';
export type Mace1NominationStatus = 'nominated' | 'accepted' | 'declined';
export type Mace1RiskLevel = 'high' | 'medium' | 'low';
export type Mace1ActionStatus = 'not-started' | 'in-progress' | 'done' | 'cancelled';

export interface Mace1NominationsTable extends Audited {
  id: string;
  kind: Mace1Kind;
  child_first_name: string;
  child_last_name: string;
  /** 'YYYY-MM-DD'. */
  child_date_of_birth: string | null;
  district_id: string;
  quadrant_id: string;
  why: string;
  agencies: string;
  concern_id: string | null;
  status: Generated<Mace1NominationStatus>;
  decline_reason: string | null;
  decided_by: string | null;
  decided_at: Date | null;
  nominated_by: string;
}

export interface Mace1CasesTable extends Audited {
  id: string;
  nomination_id: string | null;
  kind: Mace1Kind;
  child_first_name: string;
  child_last_name: string;
  child_date_of_birth: string | null;
  person_id: string | null;
  district_id: string;
  quadrant_id: string;
  why: string;
  agencies: string;
  status: Generated<'open' | 'exited'>;
  risk_level: Mace1RiskLevel | null;
  review_on: string | null;
  exit_reason: string | null;
  exited_on: string | null;
  opened_on: string;
  opened_by: string;
  nominated_by: string | null;
}

export interface Mace1MeetingsTable extends Audited {
  id: string;
  quadrant_id: string;
  starts_at: Date;
  place: string;
  online: Generated<boolean>;
  chair: string;
}

export interface Mace1AgendaChangesTable {
  meeting_id: string;
  case_id: string;
  included: boolean;
  changed_by: string | null;
  changed_at: Timestamp;
}

export interface Mace1AgencyInformationTable {
  id: string;
  case_id: string;
  meeting_id: string;
  organisation_id: string | null;
  information: string;
  recorded_by: string;
  recorded_at: CreatedAt;
}

export interface Mace1DiscussionsTable extends Audited {
  meeting_id: string;
  case_id: string;
  summary: string;
  risk_level: Mace1RiskLevel;
  outcome: 'review' | 'exit';
  next_review_on: string | null;
  exit_reason: string | null;
}

export interface Mace1PlanActionsTable extends Audited {
  id: string;
  case_id: string;
  meeting_id: string | null;
  organisation_id: string;
  action: string;
  owner: string;
  due_on: string;
  status: Generated<Mace1ActionStatus>;
  done_on: string | null;
}

export interface Mace1Tables {
  mace1_nominations: Mace1NominationsTable;
  mace1_cases: Mace1CasesTable;
  mace1_meetings: Mace1MeetingsTable;
  mace1_agenda_changes: Mace1AgendaChangesTable;
  mace1_agency_information: Mace1AgencyInformationTable;
  mace1_discussions: Mace1DiscussionsTable;
  mace1_plan_actions: Mace1PlanActionsTable;
}
