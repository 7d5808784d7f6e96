import type { ColumnType, Generated } from 'kysely';
import type { Audited, CreatedAt, Timestamp } from './common.ts';

// ---- Training: courses, sessions, bookings, evaluations, follow-ups, champions (migrations/0072_training.sql) ----

export type TrainingSessionStatus = 'scheduled' | 'cancelled';
export type TrainingBookingStatus = 'booked' | 'waiting' | 'cancelled';
export type TrainingAttendance = 'attended' | 'did-not-attend' | 'cancelled-late';
export type TrainingEvaluationKind = 'after' | 'follow-up';

export interface TrainingCoursesTable extends Audited {
  id: string;
  title: string;
  theme: string;
  audience: Generated<string>;
  outcomes: Generated<string>;
  level: string;
  active: Generated<boolean>;
  seed_key: string | null;
}

export interface TrainingSessionsTable extends Audited {
  id: string;
  course_id: string;
  starts_at: Timestamp;
  duration_minutes: number;
  online: Generated<boolean>;
  venue: Generated<string>;
  capacity: number;
  trainer: Generated<string>;
  quadrant_code: string | null;
  status: Generated<TrainingSessionStatus>;
  cancelled_at: Timestamp | null;
}

export interface TrainingBookingsTable {
  id: string;
  session_id: string;
  user_id: string;
  organisation_id: string | null;
  organisation_name: string;
  organisation_type: string;
  status: TrainingBookingStatus;
  queued_at: ColumnType<Date, Date | string | undefined, Date | string>;
  cancelled_at: Timestamp | null;
  attendance: TrainingAttendance | null;
  attendance_recorded_at: Timestamp | null;
  attendance_recorded_by: string | null;
  created_at: CreatedAt;
  version: Generated<number>;
}

export interface TrainingEvaluationsTable {
  id: string;
  booking_id: string;
  kind: TrainingEvaluationKind;
  outcomes_met: number | null;
  confidence_before: number | null;
  confidence_after: number | null;
  impact: number | null;
  comment: Generated<string>;
  created_at: CreatedAt;
}

export interface TrainingFollowUpsTable {
  booking_id: string;
  /** 'YYYY-MM-DD'. */
  due_on: string;
  emailed_at: CreatedAt;
}

export interface TrainingChampionsTable extends Audited {
  id: string;
  network: string;
  name: string;
  user_id: string | null;
  organisation_id: string | null;
  organisation_name: string;
  quadrant_code: string;
  /** 'YYYY-MM-DD'. */
  started_on: string;
  ended_on: string | null;
}

export interface TrainingTables {
  training_courses: TrainingCoursesTable;
  training_sessions: TrainingSessionsTable;
  training_bookings: TrainingBookingsTable;
  training_evaluations: TrainingEvaluationsTable;
  training_follow_ups: TrainingFollowUpsTable;
  training_champions: TrainingChampionsTable;
}
