import type { Generated } from 'kysely';
import type { Audited, CreatedAt, Timestamp } from './common.ts';

// ---- Early help: families and episodes (migrations/0015_early_help.sql) ----

export type FamilyRelationship = 'parent' | 'carer' | 'child' | 'sibling' | 'partner' | 'grandparent' | 'other';
export type EpisodeClosureReason =
  'needs-met' | 'stepped-up' | 'stepped-down-to-universal' | 'consent-withdrawn' | 'moved-away';
export type EpisodeRole = 'lead-professional' | 'taf-member' | 'allocated-worker' | 'team-manager' | 'taf-support';
export type NeedOutcome = 'achieved' | 'partly' | 'not';

export interface FamiliesTable extends Audited {
  id: string;
  name: string;
  district_code: string;
}

export interface FamilyMembersTable {
  id: string;
  family_id: string;
  person_id: string;
  relationship: FamilyRelationship;
  /** 'YYYY-MM-DD'. */
  from_date: string;
  to_date: string | null;
  created_at: CreatedAt;
  created_by: string | null;
  ended_by: string | null;
  /** Free text, 200 characters at most (migrations/0023_family_member_details.sql). */
  school_or_setting: string | null;
  gp: string | null;
  /** Why they left, when given (500 characters at most). */
  end_reason: string | null;
}

export interface FamilyAddressesTable {
  id: string;
  family_id: string;
  address: string;
  postcode: string | null;
  from_date: string;
  to_date: string | null;
  created_at: CreatedAt;
  created_by: string | null;
}

export interface EpisodesTable extends Audited {
  id: string;
  family_id: string;
  opened_at: Timestamp;
  opened_from: 'hub-decision' | 'partner-start';
  hub_work_item_id: string | null;
  request_id: string | null;
  level: number;
  pathway: 'taf' | 'family-solutions';
  status: Generated<'open' | 'closed'>;
  closed_at: Date | null;
  closure_reason: EpisodeClosureReason | null;
  lead_professional_id: string | null;
  allocated_team_id: string | null;
}

export interface EpisodeLevelsTable {
  id: string;
  episode_id: string;
  level: number;
  from_at: Timestamp;
  reason: string;
  changed_by: string | null;
  request_id: string | null;
}

export interface EpisodeInvolvementsTable {
  id: string;
  episode_id: string;
  user_id: string;
  role: EpisodeRole;
  from_at: Timestamp;
  to_at: Date | null;
  created_by: string | null;
  ended_by: string | null;
}

export interface EpisodeNeedsTable {
  id: string;
  episode_id: string;
  outcome_area: string;
  description: string;
  identified_at: Timestamp;
  identified_by: string | null;
  outcome: NeedOutcome | null;
  outcome_at: Date | null;
}

export interface EarlyHelpTables {
  families: FamiliesTable;
  family_members: FamilyMembersTable;
  family_addresses: FamilyAddressesTable;
  episodes: EpisodesTable;
  episode_levels: EpisodeLevelsTable;
  episode_involvements: EpisodeInvolvementsTable;
  episode_needs: EpisodeNeedsTable;
}

// ---- Early help: the Shared Family Assessment (migrations/0016_assessment.sql) ----

export type AssessmentParticipation = 'took-part' | 'declined' | 'not-seen';
export type ChildHeardHow = 'conversation' | 'drawing' | 'play' | 'writing' | 'observation' | 'other';

export interface AssessmentsTable extends Audited {
  id: string;
  episode_id: string;
  status: Generated<'draft' | 'completed'>;
  completed_at: Date | null;
  completed_by: string | null;
}

export interface AssessmentSectionsTable extends Audited {
  id: string;
  assessment_id: string;
  kind: 'member' | 'analysis';
  person_id: string | null;
  participation: AssessmentParticipation | null;
  absence_reason: string | null;
  views: Generated<string>;
  strengths: Generated<string>;
  needs: Generated<string>;
  goals: Generated<string>;
  analysis: Generated<string>;
  heard_by: string | null;
  heard_how: ChildHeardHow | null;
  finished: Generated<boolean>;
}

export interface AssessmentNeedsTable {
  need_id: string;
  section_id: string;
}

export interface AssessmentTables {
  assessments: AssessmentsTable;
  assessment_sections: AssessmentSectionsTable;
  assessment_needs: AssessmentNeedsTable;
}
