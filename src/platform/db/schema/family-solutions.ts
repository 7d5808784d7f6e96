import type { Audited, CreatedAt, Timestamp } from './common.ts';

// ---- Family Solutions (migrations/0019_family_solutions.sql) ----

export interface FsAllocationsTable {
  id: string;
  episode_id: string;
  team_id: string;
  worker_id: string;
  over_capacity_reason: string | null;
  allocated_at: Timestamp;
  allocated_by: string | null;
  ended_at: Date | null;
}

export interface FsAgreementsTable extends Audited {
  id: string;
  episode_id: string;
  /** 'YYYY-MM-DD'. */
  agreed_on: string;
  agreed_by: string[];
  family_agrees: string;
  service_agrees: string;
}

export interface FsTimeLimitWarningsTable {
  episode_id: string;
  months: number;
  due_on: string;
  worker_id: string | null;
  emailed_at: Date | null;
  created_at: CreatedAt;
}

export interface FsSupervisionsTable {
  id: string;
  episode_id: string;
  supervised_on: string;
  notes: string;
  decisions: string;
  next_due: string;
  created_at: CreatedAt;
  created_by: string | null;
}

export interface FsSustainmentChecksTable extends Audited {
  id: string;
  episode_id: string;
  due_on: string;
  sustained: boolean | null;
  notes: string | null;
  recorded_at: Date | null;
  recorded_by: string | null;
}

export interface FamilySolutionsTables {
  fs_allocations: FsAllocationsTable;
  fs_agreements: FsAgreementsTable;
  fs_time_limit_warnings: FsTimeLimitWarningsTable;
  fs_supervisions: FsSupervisionsTable;
  fs_sustainment_checks: FsSustainmentChecksTable;
}
