import type { ColumnType, Generated } from 'kysely';
import type { Audited, CreatedAt, Timestamp } from './common.ts';

// ---- Governance: boards, members, meetings, papers, minutes, decisions, action log, work programme (migrations/0056_governance.sql) ----

export type GovernanceBoardKind = 'board' | 'sub-committee' | 'locality-partnership' | 'panel' | 'scrutiny-committee';
export type GovernanceMemberRole = 'chair' | 'vice-chair' | 'member' | 'adviser';
export type GovernanceMeetingStatus = 'scheduled' | 'held' | 'cancelled';
export type GovernanceActionStatus = 'open' | 'in-progress' | 'done' | 'dropped';
export type GovernanceLinkKind = 'indicator' | 'plan-action';
export type GovernancePaperKind = 'report' | 'document';

export interface GovernanceBoardsTable {
  id: string;
  code: string;
  name: string;
  kind: GovernanceBoardKind;
  parent_id: string | null;
  description: Generated<string>;
  quadrant_code: string | null;
  sort_order: Generated<number>;
  created_at: CreatedAt;
  updated_at: Timestamp;
}

export interface GovernanceMembersTable extends Audited {
  id: string;
  board_id: string;
  name: string;
  organisation: Generated<string>;
  role: GovernanceMemberRole;
  user_id: string | null;
  /** 'YYYY-MM-DD'. */
  joined_on: string | null;
  left_on: string | null;
  seed_key: string | null;
}

export interface GovernanceMeetingsTable extends Audited {
  id: string;
  board_id: string;
  /** 'YYYY-MM-DD'. */
  held_on: string;
  /** 'HH:mm'. */
  starts_at: string | null;
  place: Generated<string>;
  status: Generated<GovernanceMeetingStatus>;
  minutes_published_at: Timestamp | null;
  minutes_published_by: string | null;
  seed_key: string | null;
}

export interface GovernanceAgendaItemsTable extends Audited {
  id: string;
  meeting_id: string;
  position: number;
  title: string;
  presenter: Generated<string>;
  purpose: Generated<string>;
  minutes: Generated<string>;
}

export interface GovernancePapersTable {
  id: string;
  item_id: string;
  kind: GovernancePaperKind;
  title: string;
  report_key: string | null;
  report_parameters: ColumnType<Record<string, string> | null, string | null, string | null>;
  link: string | null;
  note: Generated<string>;
  created_at: CreatedAt;
  created_by: string | null;
}

export interface GovernanceDecisionsTable {
  id: string;
  meeting_id: string;
  item_id: string | null;
  decision: string;
  /** 'YYYY-MM-DD'. */
  decided_on: string;
  created_at: CreatedAt;
  created_by: string | null;
}

export interface GovernanceMinuteCorrectionsTable {
  id: string;
  item_id: string;
  previous: string;
  corrected: string;
  reason: string;
  created_at: CreatedAt;
  created_by: string | null;
}

export interface GovernanceActionsTable extends Audited {
  id: string;
  board_id: string;
  meeting_id: string | null;
  item_id: string | null;
  item_title: Generated<string>;
  /** 'YYYY-MM-DD'. */
  raised_on: string;
  action: string;
  owner: string;
  due_on: string | null;
  status: Generated<GovernanceActionStatus>;
  link_kind: GovernanceLinkKind | null;
  link_ref: string | null;
  link_label: string | null;
  seed_key: string | null;
}

export interface GovernanceActionUpdatesTable {
  id: string;
  action_id: string;
  status: GovernanceActionStatus;
  note: string;
  created_at: CreatedAt;
  created_by: string | null;
}

export interface GovernanceWorkProgrammeTable extends Audited {
  id: string;
  board_id: string;
  planned_on: string | null;
  when_text: Generated<string>;
  topic: string;
  lead: string;
  purpose: string;
  commitment: Generated<string>;
  cross_committee: Generated<string>;
  seed_key: string | null;
}

export interface GovernanceTables {
  governance_boards: GovernanceBoardsTable;
  governance_members: GovernanceMembersTable;
  governance_meetings: GovernanceMeetingsTable;
  governance_agenda_items: GovernanceAgendaItemsTable;
  governance_papers: GovernancePapersTable;
  governance_decisions: GovernanceDecisionsTable;
  governance_minute_corrections: GovernanceMinuteCorrectionsTable;
  governance_actions: GovernanceActionsTable;
  governance_action_updates: GovernanceActionUpdatesTable;
  governance_work_programme: GovernanceWorkProgrammeTable;
}
