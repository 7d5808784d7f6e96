import type { Generated } from 'kysely';
import type { CreatedAt, Timestamp } from './common.ts';

// ---- MARAC, the Multi-Agency Risk Assessment Team (migrations/0064_marac.sql); every row is restricted ----

export type MaracRiskBasis = 'risk-checklist' | 'professional-judgement' | 'escalation';
export type MaracCaseStatus = 'referred' | 'listed' | 'heard' | 'closed';
export type MaracPersonRole = 'victim' | 'child' | 'person-causing-harm';
export type MaracActionStatus = 'open' | 'done' | 'cancelled';

export interface MaracCasesTable {
  id: string;
  reference: string;
  referred_at: CreatedAt;
  referred_by: string;
  referring_agency: string;
  risk_basis: MaracRiskBasis[];
  risk_checklist_ticked: number[] | null;
  risk_checklist_score: number | null;
  professional_judgement: string | null;
  police_callouts: number | null;
  summary: string;
  district_code: string | null;
  repeat_of: string | null;
  status: Generated<MaracCaseStatus>;
  closed_at: Timestamp | null;
  closed_by: string | null;
  closure_reason: string | null;
  created_at: CreatedAt;
  created_by: string | null;
  updated_at: Timestamp;
  updated_by: string | null;
  version: Generated<number>;
}

export interface MaracCasePeopleTable {
  id: string;
  case_id: string;
  role: MaracPersonRole;
  person_id: string | null;
  first_name: string;
  last_name: string;
  /** 'YYYY-MM-DD'. */
  date_of_birth: string | null;
  gender: string | null;
  relationship: string | null;
  address: string | null;
  postcode: string | null;
  refuge: Generated<boolean>;
  school: string | null;
  created_at: CreatedAt;
}

export interface MaracMeetingsTable {
  id: string;
  starts_at: Timestamp;
  slot: string;
  status: Generated<'planned' | 'held' | 'cancelled'>;
  chaired_by: string | null;
  agencies_present: Generated<string[]>;
  created_at: CreatedAt;
  created_by: string | null;
  updated_at: Timestamp;
  updated_by: string | null;
  version: Generated<number>;
}

export interface MaracHearingsTable {
  id: string;
  case_id: string;
  meeting_id: string;
  listed_at: CreatedAt;
  listed_by: string | null;
  position: Generated<number>;
  discussion: string | null;
  heard_at: Timestamp | null;
  heard_by: string | null;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface MaracResearchTable {
  id: string;
  hearing_id: string;
  agency: string;
  known: boolean;
  information: string | null;
  recorded_by: string;
  recorded_at: CreatedAt;
  updated_at: Timestamp;
  version: Generated<number>;
}

export interface MaracInvitationsTable {
  id: string;
  case_id: string;
  organisation_id: string | null;
  user_id: string | null;
  reason: string;
  invited_by: string;
  invited_at: CreatedAt;
  withdrawn_at: Timestamp | null;
}

export interface MaracActionsTable {
  id: string;
  case_id: string;
  hearing_id: string | null;
  agency: string;
  description: string;
  owner_user_id: string | null;
  owner_name: string;
  /** 'YYYY-MM-DD'. */
  due_on: string;
  status: Generated<MaracActionStatus>;
  done_at: Timestamp | null;
  for_children: Generated<boolean>;
  request_id: string | null;
  /** The Request for Support draft the action started (migration 0068), until it is sent. */
  request_draft_id: string | null;
  created_at: CreatedAt;
  created_by: string | null;
  updated_at: Timestamp;
  updated_by: string | null;
  version: Generated<number>;
}

export interface MaracActionUpdatesTable {
  id: string;
  action_id: string;
  note: string;
  status_after: MaracActionStatus;
  recorded_by: string;
  recorded_at: CreatedAt;
}

export interface MaracTables {
  marac_cases: MaracCasesTable;
  marac_case_people: MaracCasePeopleTable;
  marac_meetings: MaracMeetingsTable;
  marac_hearings: MaracHearingsTable;
  marac_research: MaracResearchTable;
  marac_invitations: MaracInvitationsTable;
  marac_actions: MaracActionsTable;
  marac_action_updates: MaracActionUpdatesTable;
}
