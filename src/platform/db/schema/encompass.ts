import type { Generated } from 'kysely';
import type { CreatedAt, Timestamp } from './common.ts';

/** migrations/0065_encompass.sql: a school and its designated safeguarding lead (Operation Encompass). */
export interface SchoolsTable {
  urn: string;
  name: string;
  district: string;
  phase: string;
  age_from: number;
  age_to: number;
  dsl_name: string | null;
  dsl_email: string | null;
  deputy_name: string | null;
  deputy_email: string | null;
  is_active: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: Timestamp;
  updated_by: string | null;
}

/** A police notification of domestic abuse, as Operation Encompass saw it. */
export interface EncompassIncidentsTable {
  id: string;
  request_id: string;
  police_reference: string;
  district: string;
  /** 'YYYY-MM-DD'. */
  incident_date: string;
  received_at: Timestamp;
  children: number;
  children_of_school_age: number;
  children_without_birth_date: number;
  created_at: CreatedAt;
}

/** One child's notification to their school. */
export interface EncompassNotificationsTable {
  id: string;
  incident_id: string;
  position: number;
  first_name: string;
  last_name: string;
  /** 'YYYY-MM-DD'. */
  date_of_birth: string;
  year_group: number;
  school_urn: string | null;
  school_chosen_by: string | null;
  school_chosen_at: Timestamp | null;
  deadline: Timestamp;
  sent_at: Timestamp | null;
  sent_template: string | null;
  sent_to: Generated<string[]>;
  sent_on_time: boolean | null;
  send_problem: string | null;
  received_at: Timestamp | null;
  received_by: string | null;
  support_kinds: Generated<string[]>;
  support_details: string | null;
  support_at: Timestamp | null;
  support_by: string | null;
  created_at: CreatedAt;
  created_by: string | null;
  updated_at: Timestamp;
  updated_by: string | null;
  version: Generated<number>;
}

export interface EncompassTables {
  schools: SchoolsTable;
  encompass_incidents: EncompassIncidentsTable;
  encompass_notifications: EncompassNotificationsTable;
}
