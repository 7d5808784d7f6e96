import type { Generated } from 'kysely';
import type { Audited, CreatedAt, Timestamp } from './common.ts';

// ---- Assurance audits: Section 11 and 175 cycles, multi-agency case audits (migrations/0077_assurance_audits.sql) ----

export type AssuranceCycleKind = 'section-11' | 'section-175';
export type AssuranceStatus = 'open' | 'closed';
export type AssuranceRating = 'met' | 'partly-met' | 'not-met';
export type CaseAuditKind = 'single' | 'thematic';
export type CaseAuditGrade = 'outstanding' | 'good' | 'requires-improvement' | 'inadequate';
export type CaseAuditActionStatus = 'not-started' | 'in-progress' | 'done';

export interface AssuranceCyclesTable extends Audited {
  id: string;
  kind: AssuranceCycleKind;
  title: string;
  opens_on: string;
  due_on: string;
  status: Generated<AssuranceStatus>;
  closed_at: Timestamp | null;
}

export interface AssuranceInvitationsTable {
  id: string;
  cycle_id: string;
  organisation_id: string;
  invited_at: CreatedAt;
  invited_by: string | null;
}

export interface AssuranceRemindersTable {
  invitation_id: string;
  sent_on: string;
  recipients: number;
}

export interface AssuranceReturnsTable {
  id: string;
  invitation_id: string;
  cycle_id: string;
  organisation_id: string;
  submitted_at: Timestamp;
  submitted_by: string | null;
  /** Moved on by each correction (migrations/0086_assurance_corrections.sql). */
  version: Generated<number>;
  updated_at: Generated<Timestamp>;
  updated_by: string | null;
}

export interface AssuranceReturnAnswersTable {
  return_id: string;
  standard_code: string;
  rating: AssuranceRating;
  evidence: Generated<string>;
  actions: Generated<string>;
}

export interface CaseAuditsTable extends Audited {
  id: string;
  kind: CaseAuditKind;
  theme: string;
  closed_from: string | null;
  closed_to: string | null;
  level: number | null;
  status: Generated<AssuranceStatus>;
  closed_at: Timestamp | null;
  meeting_on: string | null;
}

export interface CaseAuditCasesTable {
  id: string;
  audit_id: string;
  episode_id: string;
  family_id: string;
  position: number;
}

export interface CaseAuditAuditorsTable {
  id: string;
  audit_id: string;
  user_id: string;
  organisation_id: string;
}

export interface CaseAuditFindingsTable {
  id: string;
  audit_id: string;
  organisation_id: string;
  summary: string;
  submitted_at: Timestamp;
  submitted_by: string | null;
  /** Moved on by each correction (migrations/0086_assurance_corrections.sql). */
  version: Generated<number>;
  updated_at: Generated<Timestamp>;
  updated_by: string | null;
}

/** One field a correction changed (0086): a return's standard's rating, evidence or actions. */
export interface AssuranceReturnChangesTable {
  id: string;
  return_id: string;
  version: number;
  standard_code: string;
  field: 'rating' | 'evidence' | 'actions';
  old_value: string;
  new_value: string;
  changed_at: CreatedAt;
  changed_by: string | null;
}

/** One field a correction changed (0086): a findings report's summary, or one case's grade. */
export interface CaseAuditFindingsChangesTable {
  id: string;
  findings_id: string;
  version: number;
  field: 'summary' | 'grade';
  case_id: string | null;
  old_value: string;
  new_value: string;
  changed_at: CreatedAt;
  changed_by: string | null;
}

export interface CaseAuditGradesTable {
  findings_id: string;
  case_id: string;
  grade: CaseAuditGrade;
}

export interface CaseAuditAttendanceTable {
  audit_id: string;
  organisation_id: string;
  attendees: number;
}

export interface CaseAuditThemesTable {
  id: string;
  audit_id: string;
  title: string;
  detail: Generated<string>;
  created_at: CreatedAt;
}

export interface CaseAuditActionsTable extends Audited {
  id: string;
  audit_id: string;
  action: string;
  owner: string;
  due_on: string;
  status: Generated<CaseAuditActionStatus>;
}

export interface AssuranceAuditTables {
  assurance_cycles: AssuranceCyclesTable;
  assurance_invitations: AssuranceInvitationsTable;
  assurance_reminders: AssuranceRemindersTable;
  assurance_returns: AssuranceReturnsTable;
  assurance_return_answers: AssuranceReturnAnswersTable;
  assurance_return_changes: AssuranceReturnChangesTable;
  case_audits: CaseAuditsTable;
  case_audit_cases: CaseAuditCasesTable;
  case_audit_auditors: CaseAuditAuditorsTable;
  case_audit_findings: CaseAuditFindingsTable;
  case_audit_findings_changes: CaseAuditFindingsChangesTable;
  case_audit_grades: CaseAuditGradesTable;
  case_audit_attendance: CaseAuditAttendanceTable;
  case_audit_themes: CaseAuditThemesTable;
  case_audit_actions: CaseAuditActionsTable;
}
